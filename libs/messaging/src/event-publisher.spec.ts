import { randomBytes, randomUUID } from 'node:crypto';
import { type PartitionMetadata, Partitioners } from 'kafkajs';
import { KeyHashPartitioner, murmur2 } from './event-publisher';

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe('KeyHashPartitioner', () => {
  // Keys of every length remainder, UUIDs (declaration ids), non-ASCII text and raw bytes.
  const keys: (string | Buffer)[] = [
    '',
    'a',
    'ab',
    'abc',
    'abcd',
    '21',
    '漢字キー',
    ...Array.from({ length: 2000 }, () => randomUUID()),
    ...Array.from({ length: 500 }, (_, i) => randomBytes(i % 67)),
  ];

  it('puts every keyed message on the partition kafkajs’s default partitioner (the Java client’s) picks', () => {
    const ours = KeyHashPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 2, 6, 7, 64]) {
      const partitionMetadata = metadata(partitions);
      for (const key of keys) {
        const args = { topic: 't', partitionMetadata, message: { key, value: 'v' } };
        expect([key, ours(args)]).toEqual([key, theirs(args)]);
      }
    }
  });

  it('computes the murmur2 values of the Java client', () => {
    // Utils.murmur2 in org.apache.kafka.common.utils, as its tests state them.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(Buffer.from('abc'))).toBe(479470107);
  });

  it('keeps an explicit partition and spreads keyless messages over the available partitions', () => {
    const ours = KeyHashPartitioner();
    const partitionMetadata = metadata(6);
    expect(ours({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 4 } })).toBe(4);
    const chosen = new Set(
      Array.from({ length: 12 }, () => ours({ topic: 't', partitionMetadata, message: { value: 'v' } })),
    );
    expect(chosen.size).toBe(6);
  });
});
