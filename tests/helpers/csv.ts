// Reading the CSV export in tests, as a spreadsheet does.

/** RFC 4180 CSV (quoted cells, doubled quotes, CRLF rows). */
export function parseCsv(text: string): string[][] {
	const out: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			out.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	if (cell !== '' || row.length) {
		row.push(cell);
		out.push(row);
	}
	return out;
}
