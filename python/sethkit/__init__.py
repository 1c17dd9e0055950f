"""sethkit: CNF-SAT and Orthogonal Vectors as attention inputs.

The SETH constructions of Alman & Song ("Fast Attention Requires Bounded
Entries", NeurIPS 2023) and the works around them, with attention oracles,
decoders and independent checkers. The same C++ libraries as the `sethkit`
command; docs/python.md walks through the module.

    import sethkit
    f = sethkit.random_cnf(vars=16, ratio=4.0, planted=True, seed=1)
    r = sethkit.reduce(f)                       # Q, K, V and the certificate
    y = sethkit.attention(r.q, r.k, r.v, scale=r.scale)
    sethkit.decode(r.certificate, y, source=f)  # the verdict, the witness checked
    sethkit.verify(f, oracle=my_kernel)         # any callable as the oracle

Errors are sethkit.Error (a ValueError) with the command line's one-line
messages: InputError for bad input (naming the file and line), ContractError
for a parameter or an instance a construction or backend refuses.
"""

from ._sethkit import (  # noqa: F401
    __version__,
    git_commit,
    Error,
    InputError,
    ContractError,
    Cnf,
    OvInstance,
    GapHamming,
    AttentionReduction,
    read_dimacs,
    read_ov,
    read_gap_hamming,
    load,
    write_dimacs,
    write_ov,
    write_gap_hamming,
    random_cnf,
    cnf_family,
    random_ov,
    planted_gap_hamming,
    reduce,
    decode,
    attention,
    attention_grad,
    verify,
    set_budget,
    check,
    path,
    list,
)

# Name the types as users import them (sethkit.InputError, not sethkit._sethkit.InputError).
for _type in (Error, InputError, ContractError, Cnf, OvInstance, GapHamming, AttentionReduction):
    _type.__module__ = "sethkit"
del _type

__all__ = [
    "__version__", "git_commit", "Error", "InputError", "ContractError", "Cnf", "OvInstance",
    "GapHamming", "AttentionReduction", "read_dimacs", "read_ov", "read_gap_hamming", "load",
    "write_dimacs", "write_ov", "write_gap_hamming", "random_cnf", "cnf_family", "random_ov",
    "planted_gap_hamming", "reduce", "decode", "attention", "attention_grad", "verify", "set_budget", "check",
    "path", "list",
]
