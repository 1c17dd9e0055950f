// The command line's enumerated options in one place: each adds its option
// with the allowed words and turns the word into the library's enum, so that
// "1/d", "resid" or "interleaved" are spelled once.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "attention/backend.hpp"
#include "attention/rope.hpp"
#include "attention/transformer.hpp"
#include "reductions/attention_target.hpp"

namespace sethkit::cli {

// --mlp resid|plain
CLI::Option* add_mlp_option(CLI::App& cmd, std::string& into, const std::string& help);
MlpMode parse_mlp_mode(const std::string& word);

// --attention softmax|hardmax
CLI::Option* add_attention_kind_option(CLI::App& cmd, std::string& into, const std::string& help);
AttentionKind parse_attention_kind(const std::string& word);

// --scale 1/d|1/sqrt(d)
CLI::Option* add_scale_option(CLI::App& cmd, std::string& into, const std::string& help);
ScaleConvention parse_scale_convention(const std::string& word);

// --rope-layout interleaved|half (also its older spelling split-halves)
CLI::Option* add_rope_layout_option(CLI::App& cmd, std::string& into, const std::string& help);
RopeLayout parse_rope_layout(const std::string& word);

// --causal [bottom-right|top-left]: a bare --causal is bottom-right; `into`
// stays as it was when the flag is absent (check the option's count()).
CLI::Option* add_causal_option(CLI::App& cmd, std::string& into, const std::string& help);
CausalAlignment parse_causal_alignment(const std::string& word);

}  // namespace sethkit::cli
