"""Make the legacy-encoded samples (samples/1xx_*) from Unicode samples, as old archives hold
them: TCVN3 with capital lines in the .VnTimeH style, VNI-Windows, VISCII, Windows-1258, and
UTF-8 read as Windows-1252. The gold is the Unicode sample's gold: repair must recover it.

    python scripts/make_legacy_samples.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_repair import tcvn3, utf8_as_cp1252  # noqa: E402

from docparse.encodings import cp1252_byte, encoder  # noqa: E402

MADE = {
    "101_tcvn3_ketluan_dang": ("012_ketluan_dang.txt", tcvn3),
    "102_tcvn3_huongdan_dang": ("025_huongdan_dang.txt", tcvn3),
    "103_vni_congvan": ("010_congvan_kinhgui.txt", encoder("vni_windows")),
    "104_viscii_baocao": ("018_two_columns_interleaved.txt", encoder("viscii")),
    "105_cp1258_congvan": ("045_congvan_tuq.txt", encoder("cp1258")),
    "106_mojibake_thongbao": ("022_thongbao_date_split.txt", utf8_as_cp1252),
}


# Raw legacy bytes, as old .txt files hold them (not UTF-8): ingest must find the encoding.
RAW = {
    "107_tcvn3_bytes_quyetdinh": ("011_quyetdinh_dieu.md", tcvn3),
    "108_cp1258_bytes_web": ("016_web_portal.txt", encoder("cp1258")),
}


def main() -> None:
    samples = ROOT / "samples"
    for name, (source, encode) in MADE.items():
        text = (samples / source).read_text(encoding="utf-8")
        (samples / f"{name}.txt").write_text(encode(text), encoding="utf-8")
        shutil.copyfile(samples / source.replace(".txt", ".gold.json"), samples / f"{name}.gold.json")
        print(f"wrote samples/{name}.txt from {source}")
    for name, (source, encode) in RAW.items():
        text = (samples / source).read_text(encoding="utf-8")
        suffix = Path(source).suffix
        data = bytes(cp1252_byte(c) or 0x3F for c in encode(text))
        (samples / f"{name}{suffix}").write_bytes(data)
        gold = samples / (Path(source).stem + ".gold.json")
        shutil.copyfile(gold, samples / f"{name}.gold.json")
        print(f"wrote samples/{name}{suffix} (raw bytes) from {source}")


if __name__ == "__main__":
    main()
