// Counts the records of an RFC 4180 CSV stream as it passes (a quoted field may hold line breaks, so newlines
// alone would overcount notes with several lines). The header record is not a row.
export class CsvRowCounter {
  private quoted = false;
  private records = 0;

  push(chunk: Uint8Array): void {
    let quoted = this.quoted;
    let records = this.records;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      // A doubled quote ("") inside a quoted field toggles twice: still quoted.
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) records += 1;
    }
    this.quoted = quoted;
    this.records = records;
  }

  /** Data rows completed so far (records minus the header). */
  get rows(): number {
    return Math.max(0, this.records - 1);
  }
}
