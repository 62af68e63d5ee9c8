/** What an import tells its caller while it runs and when it ends. */

export interface ImportFailure {
  file: string;
  /** 1-based line of an NDJSON file. */
  line?: number;
  /** 0-based index of the failing entry in the Bundle that was sent, when the server named one. */
  entry?: number;
  /** The HTTP-style status the FHIR service answered with (absent for read and parse errors). */
  status?: number;
  /** The OperationOutcome's diagnostics, or what went wrong reading the file. */
  diagnostics: string;
}

export interface ImportProgress {
  filesTotal: number;
  filesDone: number;
  /** Bytes on disk (compressed for .gz), so the fraction done is exact for every format. */
  bytesTotal: number;
  bytesRead: number;
  bundles: number;
  resources: number;
  failedResources: number;
  elapsedMs: number;
}

export interface ImportSummary extends ImportProgress {
  /** Resources the server answered 201 Created for (the rest were updates or unchanged). */
  created: number;
  /** Every failure up to the reporting limit, in the order they happened. */
  failures: ImportFailure[];
  /** All failures, including those past the reporting limit. */
  failureCount: number;
  /** Stopped early by the caller's signal: the files were not read to the end. */
  aborted: boolean;
}
