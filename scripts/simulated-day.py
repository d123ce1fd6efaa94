#!/usr/bin/env python3
"""Writes a simulated day of news for `replay --offline` at scale (issue 14's one-million-article day).

Each article is three to six sentences drawn from the project's own article set (data/articles) and challenge set
(data/challenge), in one language, so nearly every article is a story of its own (the worst case for the alert
state: nothing folds into a syndicated story). Its sentences come from articles and challenge items of one label,
drawn as a conflict monitor's feed might run: by default 60% neutral (other senses, plain news), 25% escalation,
15% de-escalation (--mix); --mix 0,1,0 makes every article escalatory (a stress case). Times run over one day in
order, at a steady rate with two bursts (a crisis breaking at 09:00 and at 18:00, each a tenth of the day's
articles in an hour).

usage: scripts/simulated-day.py [--count N] [--seed S] [--start ISO] [--mix N,E,D] OUT.jsonl
"""
import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


LABELS = ("neutral", "escalation", "deescalation")


def sentences():
    pools = {(language, label): [] for language in ("en", "ar") for label in LABELS}
    for path in sorted((ROOT / "data" / "articles").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                article = json.loads(line)
                if article["label"] in LABELS:
                    parts = re.split(r"(?<=[.!?؟])\s+", article["body"].replace("\n", " "))
                    pools[(article["language"], article["label"])].extend(p.strip() for p in parts if len(p.split()) >= 5)
    for path in sorted((ROOT / "data" / "challenge").glob("*.tsv")):
        rows = path.read_text(encoding="utf-8").splitlines()
        header = rows[0].split("\t")
        for row in rows[1:]:
            fields = dict(zip(header, row.split("\t")))
            if fields.get("text") and fields.get("label") in LABELS:
                pools[(fields["language"], fields["label"])].append(fields["text"].strip())
    return pools


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--start", default="2026-12-01T00:00:00+00:00")
    parser.add_argument("--mix", default="0.6,0.25,0.15", help="shares of neutral, escalation, de-escalation articles")
    args = parser.parse_args()
    mix = [float(x) for x in args.mix.split(",")]
    rng = random.Random(args.seed)
    pool = sentences()
    start = dt.datetime.fromisoformat(args.start)
    day = 86400.0
    bursts = [9 * 3600.0, 18 * 3600.0]
    times = []
    for _ in range(args.count):
        roll = rng.random()
        if roll < 0.1:
            times.append(bursts[0] + rng.random() * 3600)
        elif roll < 0.2:
            times.append(bursts[1] + rng.random() * 3600)
        else:
            times.append(rng.random() * day)
    times.sort()
    with open(args.out, "w", encoding="utf-8") as out:
        for i, seconds in enumerate(times):
            language = "ar" if rng.random() < 0.5 else "en"
            label = rng.choices(LABELS, weights=mix)[0]
            body = " ".join(rng.sample(pool[(language, label)], rng.randint(3, 6)))
            at = start + dt.timedelta(seconds=seconds)
            out.write(json.dumps({
                "articleId": f"day-{i:07d}",
                "body": body,
                "language": language,
                "publishedAt": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            }, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
