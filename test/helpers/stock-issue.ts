/** A count of 100 tents in W1 (id `count-1`): the stock the issue below is taken from. */
export function stockCount(at: string) {
  return {
    type: 'stock.count',
    id: 'count-1',
    warehouse: 'W1',
    item: 'TENT',
    quantity: 100,
    at,
  };
}

/** 30 tents issued from W1 (id `issue-1`): the stock movement whose resend must never be applied twice. */
export function stockIssue(at: string) {
  return {
    type: 'stock.movement',
    id: 'issue-1',
    warehouse: 'W1',
    item: 'TENT',
    kind: 'out',
    quantity: 30,
    at,
  };
}
