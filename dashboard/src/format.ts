const integer = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 6 });

export const formatInt = (value: number | null | undefined) => (value == null ? '—' : integer.format(value));

export const formatCost = (value: number | null | undefined) => (value == null ? '—' : dollars.format(value));

export const formatMs = (value: number | null | undefined) => (value == null ? '—' : `${integer.format(Math.round(value))} ms`);

export const formatPercent = (value: number | null | undefined) => (value == null ? '—' : `${(value * 100).toFixed(1)} %`);

export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}

/** Turns rows into CSV (RFC 4180 quoting) and offers it as a download. */
export function downloadCsv(fileName: string, header: string[], rows: (string | number | null | undefined)[][]): void {
  const quote = (value: string | number | null | undefined) => {
    const text = value == null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const csv = [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
