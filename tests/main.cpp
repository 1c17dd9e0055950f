// Catch2 2.x test runner.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
