"""Put the JavaScript the HTML book needs into the tree, so it works offline.

- Vega, Vega-Lite and vega-embed: the bundle shipped inside the pinned
  ``vl-convert-python`` wheel, wrapped in an IIFE, written to
  ``_static/vendor/vega-bundle.js`` (Jupyter Book adds it to every page;
  ``_ext/book_web.py`` keeps it only on pages with a chart).
- MathJax 3: the npm package ``mathjax@3.2.2`` (fetched with ``npm pack`` once,
  its sha256 checked), unpacked to ``_vendor/mathjax`` and served from the
  site root through ``html_extra_path``; pages with math load its
  ``startup.js`` and the components named in ``_config.yml``.

Both targets are generated, not committed. Run: ``python scripts/vendor_assets.py``.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VEGA_OUT = ROOT / "_static" / "vendor" / "vega-bundle.js"
MATHJAX_DIR = ROOT / "_vendor" / "mathjax"
MATHJAX_PKG = "mathjax@3.2.2"
MATHJAX_SHA256 = "1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09"
AXE_OUT = ROOT / "tests" / "vendor" / "axe.min.js"
AXE_PKG = "axe-core@4.10.3"
AXE_SHA256 = "0f2b4d7dcdf7d1219df8d1959ad68e565f51d14c3f0d88bb71cd59abeb956292"


def vega() -> None:
    import vl_convert as vlc

    # the stub marks ``snippet`` required, but the runtime default (globals vegaEmbed/vegaLite/vega) is wanted
    bundle = vlc.javascript_bundle()  # type: ignore[call-arg]
    text = "/* vega, vega-lite, vega-embed from vl-convert-python */\n(function(){\n" + bundle + "\n})();\n"
    VEGA_OUT.parent.mkdir(parents=True, exist_ok=True)
    if not VEGA_OUT.is_file() or VEGA_OUT.read_text() != text:
        VEGA_OUT.write_text(text)


def npm_pack(package: str, sha256: str, tmp: str, hint: str) -> bytes:
    """The tarball of the npm ``package`` (``name@version``), fetched with ``npm
    pack`` into ``tmp``; exits with a message if npm fails or the sha256 differs."""
    try:
        subprocess.run(["npm", "pack", package, "--silent"], cwd=tmp, check=True,
                       capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"vendor_assets: could not fetch {package} with npm ({exc}); install Node.js/npm or {hint}")
    name = package.rsplit("@", 1)[0]
    tgz = next(Path(tmp).glob(f"{name}-*.tgz"))
    data = tgz.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        sys.exit(f"vendor_assets: {tgz.name} has sha256 {digest}, expected {sha256}")
    return data


def mathjax() -> None:
    if (MATHJAX_DIR / "tex-chtml.js").is_file():
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = npm_pack(MATHJAX_PKG, MATHJAX_SHA256, tmp, "copy MathJax 3's es5 folder to _vendor/mathjax")
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith("package/es5/")]
            tar.extractall(tmp, members=members, filter="data")
        if MATHJAX_DIR.exists():
            shutil.rmtree(MATHJAX_DIR)
        MATHJAX_DIR.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(Path(tmp) / "package" / "es5", MATHJAX_DIR)


def axe() -> None:
    if AXE_OUT.is_file():
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = npm_pack(AXE_PKG, AXE_SHA256, tmp, f"copy axe.min.js of {AXE_PKG} to {AXE_OUT}")
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            member = tar.extractfile("package/axe.min.js")
            if member is None:
                sys.exit(f"vendor_assets: {AXE_PKG} has no package/axe.min.js")
            text = member.read()
        AXE_OUT.parent.mkdir(parents=True, exist_ok=True)
        tmp_out = AXE_OUT.with_name(AXE_OUT.name + ".tmp")
        tmp_out.write_bytes(text)
        tmp_out.replace(AXE_OUT)


if __name__ == "__main__":
    vega()
    mathjax()
    axe()
