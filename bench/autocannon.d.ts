/** The part of autocannon 8's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Milliseconds between samples; the run ends on the first sample after `duration`. */
      sampleInt?: number;
      /** Seconds before a request counts as timed out. */
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
    }
    interface Histogram {
      average: number;
      min: number;
      max: number;
      total: number;
    }
    interface Result {
      /** Seconds actually run. */
      duration: number;
      /** Connection errors and timeouts. */
      errors: number;
      timeouts: number;
      non2xx: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
      /** Responses per sample; `total` counts completed responses, `sent` requests sent. */
      requests: Histogram & { sent: number };
      latency: Histogram & { p50: number; p99: number };
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
