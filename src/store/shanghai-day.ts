// "The same calendar day in Asia/Shanghai" as SQL, for the recipient-per-day count and for finding the
// orders that count re-judges: both must draw the day's bounds identically.

/** SQL: `other` was created on the Asia/Shanghai calendar day of `self`. */
export const sameShanghaiDay = (other: string, self: string) =>
  `${other}.created_at >= date_trunc('day', ${self}.created_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'
   AND ${other}.created_at < (date_trunc('day', ${self}.created_at AT TIME ZONE 'Asia/Shanghai') + interval '1 day') AT TIME ZONE 'Asia/Shanghai'`;
