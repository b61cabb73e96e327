// Typings for the one `natural` submodule the command parser loads. The package root (`natural`) is never
// imported: it loads dotenv at import time. natural ships typings only for its index files.
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  /** 0 (nothing alike) … 1 (equal); `dj` is a precomputed Jaro distance. */
  function JaroWinklerDistance(
    s1: string,
    s2: string,
    options?: { dj?: number; ignoreCase?: boolean },
  ): number;
  export = JaroWinklerDistance;
}
