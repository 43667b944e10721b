"""otmec: resource allocation for offsite-tuning of a large model at the
network edge over a physical-layer-secure uplink.

    import otmec
    sol = otmec.solve("data/examples/p1.json", method="equal")
    print(sol.status, sol.ratio, sol.phi)
    runs = otmec.solve_batch("data/default.json", seed=4, count=6)
    print(runs.ratio.mean())
    mine = otmec.solve_instances(h, g, D)   # your own channels, [R, N] arrays

Every solve runs in the C library with the GIL released; a library error is
raised as otmec.Error carrying the library's message.
"""
from __future__ import annotations

import json
import os
from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from ._core import Error

__all__ = ["Error", "Instance", "Solution", "BatchResult", "solve", "generate", "solve_batch",
           "solve_instances", "default_params", "methods", "backend_available", "__version__"]

__version__ = _core.version()

# Names of the enumerations of otmec.h, in their order (the value is the index).
_ALGORITHMS = ("paper", "joint")
_BACKENDS = ("cpu", "cuda")
_ADMISSIONS = ("none", "greedy")
_SP2 = ("exact", "sca")
_NAMED = {"algorithm": _ALGORITHMS, "backend": _BACKENDS, "admission": _ADMISSIONS, "sp2": _SP2}
_NUMBERS = ("refine", "eps_dinkelbach", "eps_ao", "eps_sca", "eps_kkt", "max_dinkelbach", "max_ao",
            "max_sca", "max_ipm", "threads", "device_memory_bytes")


def methods() -> tuple:
    """The method names, from the library's table: 'proposed' and the baselines."""
    return tuple(_core.method_names())


def backend_available(backend: str = "cuda") -> bool:
    """True when the backend can run here."""
    return _core.backend_available(_named("backend", backend)) == ""


def _named(key: str, value: Any) -> int:
    names = methods() if key == "method" else _NAMED[key]
    if value not in names:
        raise ValueError(f"{key}: expected one of {', '.join(names)}, got {value!r}")
    return names.index(value)


def _settings(settings: Mapping[str, Any]) -> dict:
    """Keyword settings (names as strings) into the numbers the library takes."""
    out = {}
    for key, value in settings.items():
        if key == "method" or key in _NAMED:
            out[key] = _named(key, value)
        elif key in _NUMBERS:
            out[key] = value
        else:
            known = ", ".join(("method",) + tuple(_NAMED) + _NUMBERS)
            raise TypeError(f"unknown setting '{key}' (settings: {known})")
    return out


def _scenario_source(scenario: Union[None, str, os.PathLike, Mapping[str, Any]]) -> tuple:
    """(text, is_path) for the library: a file, a dict in the scenario format,
    or None for the built-in default scenario."""
    if scenario is None:
        return "", False
    if isinstance(scenario, (str, os.PathLike)):
        return os.fspath(scenario), True
    if isinstance(scenario, Mapping):
        return json.dumps(dict(scenario)), False
    raise TypeError("scenario: expected a path, a dict in the scenario format, or None")


class Instance:
    """A problem instance: parameters and, per owner, h, g and D."""

    def __init__(self, core: "_core.Instance"):
        self._core = core

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike]) -> "Instance":
        return cls(_core.instance_from_file(os.fspath(path)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Instance":
        return cls(_core.instance_from_json(json.dumps(dict(data))))

    @property
    def num_owners(self) -> int:
        return self._core.num_owners

    @property
    def h(self) -> np.ndarray:
        """Channel gains to the base station, per owner."""
        return self._core.h

    @property
    def g(self) -> np.ndarray:
        """Channel gains to the eavesdropper, per owner."""
        return self._core.g

    @property
    def D(self) -> np.ndarray:
        """Data sizes (samples), per owner."""
        return self._core.D

    def to_dict(self) -> dict:
        """The instance in the instance file format."""
        return json.loads(self._core.to_json())

    def __repr__(self) -> str:
        return f"otmec.Instance(num_owners={self.num_owners})"


def _instance(instance: Union[Instance, str, os.PathLike, Mapping[str, Any]]) -> Instance:
    if isinstance(instance, Instance):
        return instance
    if isinstance(instance, (str, os.PathLike)):
        return Instance.from_file(instance)
    if isinstance(instance, Mapping):
        return Instance.from_dict(instance)
    raise TypeError("instance: expected an otmec.Instance, a path or a dict in the instance format")


class Solution:
    """What a solve found. Scalars: status, reason, method, algorithm, ratio,
    utility, consumption, energy_J, time_s, kkt_residual, num_active,
    num_leaking, iterations (dict). Per owner (numpy arrays, 0 for owners
    that are not active): phi, b [Hz], p [W], f [Hz], fL [Hz], secrecy_rate
    [bit/s], owner_time [s], owner_energy [J]; owner_status (names)."""

    def __init__(self, fields: dict):
        self._json = fields.pop("json")
        self.__dict__.update(fields)

    def to_dict(self) -> dict:
        """The solution in the solution file format (what `otmec solve` writes)."""
        return json.loads(self._json)

    def __repr__(self) -> str:
        return f"otmec.Solution(status={self.status!r}, method={self.method!r}, ratio={self.ratio!r})"


class BatchResult:
    """Realizations first .. first + count - 1 of a scenario (solve_batch), or
    the rows of the arrays given to solve_instances (first = 0). Arrays [count]:
    status (names), ratio, utility, consumption, energy_J, time_s,
    kkt_residual (NaN without an allocation), num_active; arrays
    [count, num_owners]: owner_status (otmec_owner_status values), phi, b, p,
    f, fL (0 for owners that are not active)."""

    def __init__(self, fields: dict, first: int):
        self.first = first
        self.num_owners = fields.pop("num_owners")
        fields["status"] = np.array(fields["status"], dtype=str)
        self.__dict__.update(fields)

    @property
    def count(self) -> int:
        return len(self.ratio)

    def __repr__(self) -> str:
        return f"otmec.BatchResult(first={self.first}, count={self.count}, num_owners={self.num_owners})"


def solve(instance: Union[Instance, str, os.PathLike, Mapping[str, Any]], **settings) -> Solution:
    """Solves one instance (an Instance, a path to an instance file, or a dict
    in the instance format). Settings as keywords: method ('proposed',
    'equal', 'fixed-phi', 'no-secrecy', 'energy-only', 'delay-only'),
    algorithm ('joint' or 'paper'), backend ('cpu' or 'cuda'), admission
    ('none' or 'greedy'), sp2 ('exact' or 'sca'), refine (bool), the
    tolerances eps_* and the limits max_*."""
    inst = _instance(instance)
    return Solution(_core.solve(inst._core, _settings(settings)))


def generate(scenario: Union[None, str, os.PathLike, Mapping[str, Any]] = None, seed: int = 0,
             stream: int = 0) -> Instance:
    """Instance number `stream` of the Monte Carlo run `seed` of a scenario
    (a path, a dict in the scenario format, or None for the built-in one):
    the instance `otmec generate --seed SEED --stream STREAM` writes."""
    text, is_path = _scenario_source(scenario)
    return Instance(_core.generate(text, is_path, seed, stream))


def solve_batch(scenario: Union[None, str, os.PathLike, Mapping[str, Any]], seed: int, count: int,
                first: int = 0, backend: str = "cpu", threads: int = 0, **settings) -> BatchResult:
    """Generates and solves realizations first .. first + count - 1 of the run
    `seed` (the rows `otmec mc` writes for the same scenario and seed).
    threads: CPU threads, 0 = every core. Other settings as in solve()."""
    if count < 0 or first < 0:
        raise ValueError("count and first must be >= 0")
    text, is_path = _scenario_source(scenario)
    set_ = _settings(dict(settings, backend=backend, threads=threads))
    return BatchResult(_core.solve_batch(text, is_path, seed, count, first, set_), first)


def default_params() -> dict:
    """The default parameters (docs/model.md section 7) as a dict in the
    instance format's "params": a starting point to change and pass to
    solve_instances."""
    return Instance(_core.default_params_instance()).to_dict()["params"]


def _params_core(params: Union[Instance, Mapping[str, Any]]) -> "_core.Instance":
    """One set of parameters as a library instance that carries them: an
    Instance's own, or a dict in the instance format's "params"."""
    if isinstance(params, Instance):
        return params._core
    if isinstance(params, Mapping):
        doc = {"format": "otmec-instance-1", "params": dict(params),
               "owners": {"h": [1.0], "g": [1.0], "D": [1.0]}}
        return _core.instance_from_json(json.dumps(doc))
    raise TypeError("params: expected None, a dict in the instance format's \"params\", an otmec.Instance, "
                    "or a sequence of those, one per realization")


def _rows(name: str, x: Any) -> np.ndarray:
    """An [R, N] array of real numbers as C-ordered float64 (one conversion)."""
    a = np.asarray(x)
    if np.iscomplexobj(a) or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise ValueError(f"{name}: expected real numbers, got dtype {a.dtype}")
    if a.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D array [realizations, owners], got shape {a.shape}")
    return np.ascontiguousarray(a, dtype=np.float64)


def solve_instances(h: Any, g: Any, D: Any,
                    params: Union[None, Instance, Mapping[str, Any], Sequence[Any]] = None,
                    backend: str = "cpu", threads: int = 0, **settings) -> BatchResult:
    """Solves instances of your own: row r of the arrays h (channel gains to
    the base station), g (to the eavesdropper) and D (samples), each of shape
    [R, N] (C or Fortran order, any real dtype), holds the N owners of
    realization r. params: None for the defaults, a dict in the instance
    format's "params" (see default_params()) or an Instance whose parameters
    are taken, for every realization; or a sequence of R of those, one per
    realization. threads: CPU threads, 0 = every core. Other settings as in
    solve(). Realization r of the result is solve() of that instance. A bad
    array (shape, NaN or infinity, a gain <= 0, D < 1) raises ValueError
    naming the array and the first bad [realization][owner]."""
    h, g, D = _rows("h", h), _rows("g", g), _rows("D", D)
    for name, a in (("g", g), ("D", D)):
        if a.shape != h.shape:
            raise ValueError(f"{name}: shape {a.shape} differs from h's {h.shape}")
    if params is None:
        sets = [_core.default_params_instance()]
    else:
        one = isinstance(params, (Instance, Mapping))
        given = [params] if one else list(params)
        if not one and len(given) != h.shape[0]:
            raise ValueError(f"params: {len(given)} sets for {h.shape[0]} realizations")
        sets = []
        for r, p in enumerate(given):
            try:
                sets.append(_params_core(p))
            except Error as e:  # a bad value: named with its realization
                raise ValueError(f"params{'' if one else f'[{r}]'}: {e}") from None
    set_ = _settings(dict(settings, backend=backend, threads=threads))
    return BatchResult(_core.solve_instances(h, g, D, sets, set_), 0)
