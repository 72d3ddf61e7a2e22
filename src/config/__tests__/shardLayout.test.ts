// parseShardLayout: shard names → sorted key ranges, and the coverage rules (no gap, no
// overlap, one shard when unsharded), with the exact problems reported for each bad layout.

import { describe, expect, it } from 'vitest';
import { keyRangeString } from '../../sharding/key/keyRange.js';
import { parseShardLayout } from '../shardLayout.js';

const layout = (keys: string[], sharded: boolean | undefined) => {
  const got = parseShardLayout(keys, sharded);
  return {
    shards: got.shards.map((s) => `${s.key}=${s.name}:${keyRangeString(s.keyRange)}`),
    problems: got.problems.map((p) => `${JSON.stringify(p.path)} ${p.message}`),
  };
};

describe('parseShardLayout accepts', () => {
  it.each<[string, string[], boolean, string[]]>([
    ['two halves, listed backwards', ['80-', '-80'], true, ['-80=-80:-80', '80-=80-:80-']],
    ['one full-range shard -', ['-'], true, ['-=-:-']],
    ['one shard 0 in a sharded keyspace', ['0'], true, ['0=0:-']],
    ['a custom name alone in a sharded keyspace', ['main'], true, ['main=main:-']],
    ['four shards', ['c0-', '-40', '80-c0', '40-80'], true, ['-40=-40:-40', '40-80=40-80:40-80', '80-c0=80-c0:80-c0', 'c0-=c0-:c0-']],
    ['80 and 8000 are one boundary', ['-80', '8000-'], true, ['-80=-80:-80', '8000-=8000-:8000-']],
    ['uneven widths', ['-4000', '40-8080', '8080-'], true, ['-4000=-4000:-4000', '40-8080=40-8080:40-8080', '8080-=8080-:8080-']],
    ['upper case names are lowercased', ['-8A', '8A-'], true, ['-8A=-8a:-8a', '8A-=8a-:8a-']],
    ['explicit zero start', ['00-80', '80-'], true, ['00-80=00-80:00-80', '80-=80-:80-']],
    ['unsharded 0', ['0'], false, ['0=0:-']],
    ['unsharded -', ['-'], false, ['-=-:-']],
    ['unsharded custom name', ['main'], false, ['main=main:-']],
    ['unsharded 00-', ['00-'], false, ['00-=00-:-']],
  ])('%s', (_name, keys, sharded, shards) => {
    expect(layout(keys, sharded)).toEqual({ shards, problems: [] });
  });
});

describe('parseShardLayout reports', () => {
  it.each<[string, string[], boolean | undefined, string[]]>([
    ['no shards (sharded)', [], true, ['[] expected at least one shard']],
    ['no shards (unsharded)', [], false, ['[] expected at least one shard']],
    ['a gap at the end', ['-80'], true, ['[] no shard covers 80-']],
    ['a gap at the start', ['80-'], true, ['[] no shard covers -80']],
    ['a gap in the middle', ['-80', 'c0-'], true, ['[] no shard covers 80-c0']],
    ['several gaps at once', ['40-80', 'c0-d0'], true, ['[] no shard covers -40', '[] no shard covers 80-c0', '[] no shard covers d0-']],
    ['an overlap', ['-80', '40-'], true, ['["40-"] overlaps shard "-80" on 40-80']],
    ['a shard inside another', ['-80', '20-40', '80-'], true, ['["20-40"] overlaps shard "-80" on 20-40']],
    ['the same range twice', ['-80', '-8000', '80-'], true, ['["-8000"] overlaps shard "-80" on -8000']],
    ['names differing only in case', ['-80', '80-C0', '80-c0', 'c0-'], true, ['["80-c0"] overlaps shard "80-C0" on 80-c0']],
    ['a full range with halves', ['-', '-80', '80-'], true, ['["-"] overlaps shard "-80" on -80', '["80-"] overlaps shard "-" on 80-']],
    ['an overlap and a gap', ['-80', '40-90', 'a0-'], true, ['["40-90"] overlaps shard "-80" on 40-80', '[] no shard covers 90-a0']],
    [
      'unranged names among several shards',
      ['0', '-80', '80-'],
      true,
      ['["0"] a sharded keyspace with several shards names each by its key range (like -80 or 80-), got "0"'],
    ],
    ['unsharded with two shards, listed as written', ['1', '0'], false, ['[] an unsharded keyspace has exactly one shard, got 2: "1", "0"']],
    ['unsharded with two ranged shards', ['-80', '80-'], false, ['[] an unsharded keyspace has exactly one shard, got 2: "-80", "80-"']],
    [
      'unsharded with a partial range',
      ['-80'],
      false,
      ['["-80"] the shard of an unsharded keyspace covers the full key range (name it 0 or -), got "-80"'],
    ],
    [
      'bad names, and no coverage check then',
      ['-8', '80-40', 'a b', '-80-', '80-'],
      true,
      [
        '["-8"] invalid shard name "-8": encoding/hex: odd length hex string',
        '["80-40"] invalid shard name "80-40": out of order keys: 80 is not strictly smaller than 40',
        '["a b"] invalid shard name "a b": invalid character   in name a b',
        '["-80-"] invalid shard name "-80-": can only contain one \'-\'',
      ],
    ],
    ['names only when sharding is unknown', ['-80', 'x y'], undefined, ['["x y"] invalid shard name "x y": invalid character   in name x y']],
  ])('%s', (_name, keys, sharded, problems) => {
    expect(layout(keys, sharded).problems).toEqual(problems);
  });

  it('checks no coverage when sharding is unknown', () => {
    expect(layout(['-40', '80-'], undefined).problems).toEqual([]);
  });
});
