"""Generate the Python classes of CometBFT's ABCI protobuf messages, at build time.

The `.proto` files come from the pinned CometBFT module in the Go module cache (downloaded
through the Go module proxy) and `gogoproto/gogo.proto` from the gogoproto version that
CometBFT's go.mod requires. grpcio-tools compiles them into `node/abci/pb/` (git-ignored);
the generated imports are rewritten to live under `node.abci.pb`. Nothing generated is
committed. Run by `make proto`: `python -m node.abci.gen v0.38.25`.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

PB = Path(__file__).resolve().parent / "pb"
PACKAGES = ("tendermint/abci", "tendermint/crypto", "tendermint/types", "tendermint/version")
IMPORT = re.compile(r"^from (tendermint|gogoproto)(\.[\w.]*)? import", re.M)


def module_dir(path: str, version: str) -> Path:
    """The folder of `path@version` in the Go module cache, downloading it if needed."""
    out = subprocess.run(["go", "mod", "download", "-json", f"{path}@{version}"], check=True,
                         capture_output=True, text=True, cwd="/")
    return Path(json.loads(out.stdout)["Dir"])


def required_version(go_mod: Path, path: str) -> str:
    """The version of `path` that a go.mod requires."""
    match = re.search(rf"^\s*{re.escape(path)} (v\S+)", go_mod.read_text(encoding="utf-8"), re.M)
    if match is None:
        raise SystemExit(f"{go_mod} does not require {path}")
    return match.group(1)


def generate(cometbft_version: str) -> None:
    """Compile the ABCI protos of `cometbft_version` into node/abci/pb."""
    from grpc_tools import protoc  # the build-time tool only

    cometbft = module_dir("github.com/cometbft/cometbft", cometbft_version)
    gogo = module_dir("github.com/cosmos/gogoproto", required_version(cometbft / "go.mod", "github.com/cosmos/gogoproto"))
    include = Path(protoc.__file__).parent / "_proto"  # google/protobuf/*.proto
    protos = sorted(str(p.relative_to(cometbft / "proto")) for pkg in PACKAGES
                    for p in (cometbft / "proto" / pkg).glob("*.proto"))
    shutil.rmtree(PB, ignore_errors=True)
    PB.mkdir(parents=True)
    args = ["protoc", f"-I{cometbft / 'proto'}", f"-I{gogo}", f"-I{include}", f"--python_out={PB}",
            "gogoproto/gogo.proto", *protos]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed on CometBFT's protos: " + " ".join(args))
    for file in PB.rglob("*.py"):
        file.write_text(IMPORT.sub(lambda m: f"from node.abci.pb.{m.group(1)}{m.group(2) or ''} import", file.read_text()))
    for folder in [PB, *(p for p in PB.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    (PB / "VERSION").write_text(cometbft_version + "\n")


if __name__ == "__main__":
    generate(sys.argv[1] if len(sys.argv) > 1 else "v0.38.25")
