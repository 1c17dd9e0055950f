// The sweeps' journal (core/cell_journal.hpp): cells recorded, read
// back on --resume without computing them again, and a record that does not
// read back as a cell refused naming the journal and the record.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/cell_journal.hpp"
#include "core/error.hpp"

using namespace sethkit;
namespace fs = std::filesystem;

namespace {
struct Cell {
  int n = 0;
  double error = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Cell, n, error)
}  // namespace

TEST_CASE("A journal's cells are reused on resume, and a foreign record is refused", "[journal]") {
  const fs::path dir = fs::temp_directory_path() / "sethkit_test_journal";
  fs::remove_all(dir);
  const nlohmann::json params = {{"seed", 3}};
  {
    CellJournal journal(dir.string(), "cells", params, false);
    journaled<Cell>(&journal, "a", [] { return Cell{1, NAN}; });
  }
  int computed = 0;
  CellJournal resumed(dir.string(), "cells", params, true);
  CHECK(resumed.resumed() == 1);
  const Cell a = journaled<Cell>(&resumed, "a", [&computed] {
    ++computed;
    return Cell{};
  });
  CHECK(computed == 0);
  CHECK(a.n == 1);
  CHECK(std::isnan(a.error));  // non-finite values survive the round trip

  // An edited journal: the record's field has the wrong type.
  const std::string path = journal_path(dir.string(), "cells");
  {
    std::ofstream out(path, std::ios::app);
    out << R"({"key": "b", "value": {"n": "seven", "error": 0.5}})"
        << "\n";
  }
  CellJournal edited(dir.string(), "cells", params, true);
  CHECK_THROWS_WITH(journaled<Cell>(&edited, "b", [] { return Cell{}; }),
                    Catch::StartsWith(path + ": the record \"b\" does not read back as a result") &&
                        Catch::Contains("--force"));
  CHECK_THROWS_AS(CellJournal(dir.string(), "cells", {{"seed", 4}}, true), InputError);
  fs::remove_all(dir);
}
