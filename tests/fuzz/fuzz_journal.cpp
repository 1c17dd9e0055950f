// Fuzz target: a journal as `--resume` reads it (core/cell_journal.hpp),
// with `check`'s records, each a reduction's result holding a sample run bundle
// (check/reduction_check.hpp): the only place sethkit reads a run bundle back.
// The input becomes the journal file; the header must match the parameters
// below for records to be read (the seed corpus has it). The same input is
// also read as a shard's journal by `sethkit merge` (core/journal_merge.hpp).
// Any input is reused or refused with an InputError naming the journal.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "check/reduction_check.hpp"
#include "core/cell_journal.hpp"
#include "core/error.hpp"
#include "core/journal_merge.hpp"
#include "fuzz_folder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& dir = sethkit::fuzz::private_folder("sethkit-fuzz-journal");
  {
    std::ofstream out(sethkit::journal_path(dir, "check"), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const nlohmann::json parameters = {{"reduction", "cnf-to-ov"}, {"seed", 1}};
  try {
    const sethkit::CellJournal journal(dir, "check", parameters, true);
    if (const nlohmann::json* record = journal.find("cnf-to-ov")) try {
        sethkit::check_result_from_json(*record);
      } catch (const nlohmann::json::exception& e) {
        journal.refuse_record("cnf-to-ov", e);
      }
  } catch (const sethkit::InputError&) {
  }
  try {
    sethkit::merge_shard_journals({sethkit::journal_path(dir, "check")}, dir + "/merged", true);
  } catch (const sethkit::InputError&) {
  }
  return 0;
}
