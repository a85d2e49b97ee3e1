import { describe, expect, it } from 'vitest';
import { untilProcessed } from '../../shared/clients/dynamo-helpers';

describe('untilProcessed', () => {
  it('hands the leftovers back to the batch call until none remain', async () => {
    const calls: number[][] = [];
    // Each call "processes" only the first item, like a throttled BatchWriteItem.
    await untilProcessed([1, 2, 3], async (batch) => {
      calls.push(batch);
      return batch.slice(1);
    });
    expect(calls).toEqual([[1, 2, 3], [2, 3], [3]]);
  });

  it('makes no call for an empty batch', async () => {
    let called = false;
    await untilProcessed([], async () => {
      called = true;
      return undefined;
    });
    expect(called).toBe(false);
  });
});
