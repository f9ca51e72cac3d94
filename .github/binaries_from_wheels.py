"""Makes the release's archives from the wheels: each wheel carries the `fiches`
binary of one platform (maturin, `bindings = "bin"`), so the downloads and `pip
install fiches` ship the same program.

    python3 binaries_from_wheels.py WHEELS_DIR VERSION OUT_DIR

writes OUT_DIR/fiches-VERSION-PLATFORM.tar.gz (.zip for Windows), each with the
binary, the README and the licences. Standard library only.
"""

import io
import pathlib
import sys
import tarfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXTRAS = ["README.md", "LICENSE-MIT", "LICENSE-APACHE"]


def platform_of(wheel_name):
    """`fiches-1.0-py3-none-macosx_11_0_arm64.whl` → `macos-arm64`."""
    tag = wheel_name[: -len(".whl")].split("-")[-1]
    if "win" in tag:
        system = "windows"
    elif "macosx" in tag:
        system = "macos"
    elif "linux" in tag:
        system = "linux"
    else:
        raise SystemExit(f"{wheel_name}: unknown platform tag {tag!r}")
    for arch, name in [
        ("universal2", "universal"),
        ("x86_64", "x86_64"),
        ("amd64", "x86_64"),
        ("aarch64", "aarch64"),
        ("arm64", "arm64"),
    ]:
        if arch in tag:
            return f"{system}-{name}"
    raise SystemExit(f"{wheel_name}: unknown architecture in {tag!r}")


def binary_of(wheel):
    """The binary's name and bytes inside the wheel (`*.data/scripts/fiches[.exe]`)."""
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            parts = info.filename.split("/")
            if len(parts) == 3 and parts[0].endswith(".data") and parts[1] == "scripts":
                if parts[2] in ("fiches", "fiches.exe"):
                    return parts[2], z.read(info)
    raise SystemExit(f"{wheel}: no fiches binary inside")


def archive(wheel, version, out):
    platform = platform_of(wheel.name)
    name, data = binary_of(wheel)
    folder = f"fiches-{version}-{platform}"
    files = [(name, data, 0o755)] + [
        (extra, (ROOT / extra).read_bytes(), 0o644) for extra in EXTRAS
    ]
    if platform.startswith("windows"):
        path = out / f"{folder}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for member, content, _ in files:
                z.writestr(f"{folder}/{member}", content)
    else:
        path = out / f"{folder}.tar.gz"
        with tarfile.open(path, "w:gz") as t:
            for member, content, mode in files:
                info = tarfile.TarInfo(f"{folder}/{member}")
                info.size = len(content)
                info.mode = mode
                t.addfile(info, io.BytesIO(content))
    return path


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    wheels, version, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    made = [archive(w, version, out) for w in sorted(wheels.glob("*.whl"))]
    if not made:
        raise SystemExit(f"no wheel in {wheels}")
    for path in made:
        print(path)


if __name__ == "__main__":
    main()
