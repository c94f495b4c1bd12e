// Who may read a stored request or result: the principal that submitted it. Records written before
// owners were stored have no `owner`; they stay readable by any authenticated caller (as they were)
// until retention expires them.
export function visibleTo(owner: string | undefined, sub: string | undefined): boolean {
  return owner === undefined || owner === sub;
}
