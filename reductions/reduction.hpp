// The shape every construction has (docs/architecture.md, "A reduction"):
//   Source, Target, Params           the instance types and the parameters;
//   kName, kDeclaredOverhead, edge() its name, its overhead in words, and its
//                                    record as an edge of the reduction graph;
//   certificate(source)              what it claims, from the source alone,
//                                    with to_json(certificate) for the bundles;
//   encode(source) -> Target         the construction (pure);
//   decode(source, target, ...)      the answer on the source from what the
//                                    target gives back: a witness of the
//                                    target (exact reductions) or an oracle's
//                                    output (oracle reductions).
// Each construction's .cpp asserts `static_assert(Reduction<ItsType>)`, so a
// reduction with another shape or another decoder name does not compile.
#pragma once

#include <concepts>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "reductions/edge_record.hpp"

namespace sethkit {

namespace detail {
// The first two parameters and the result of a const member function.
template <typename F>
struct DecodeSignature;
template <typename C, typename Result, typename S, typename T, typename... Rest>
struct DecodeSignature<Result (C::*)(S, T, Rest...) const> {
  using Source = std::remove_cvref_t<S>;
  using Target = std::remove_cvref_t<T>;
};
}  // namespace detail

template <typename R>
concept Reduction = requires(const R& r, const typename R::Source& source) {
  typename R::Target;
  typename R::Params;
  { R::kName } -> std::convertible_to<const char*>;
  { R::kDeclaredOverhead } -> std::convertible_to<const char*>;
  { R::edge() } -> std::same_as<EdgeRecord>;
  { r.encode(source) } -> std::same_as<typename R::Target>;
  { to_json(r.certificate(source)) } -> std::same_as<nlohmann::json>;
}
&&
    // decode(source, target, ...): the decoder has one name and takes the source first.
    std::same_as<typename detail::DecodeSignature<decltype(&R::decode)>::Source,
                 typename R::Source>&&
        std::same_as<typename detail::DecodeSignature<decltype(&R::decode)>::Target,
                     typename R::Target>;

}  // namespace sethkit
