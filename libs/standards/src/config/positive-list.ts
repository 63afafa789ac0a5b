// The mainland list of goods importable as cross-border e-commerce retail (跨境电子商务零售进口商品清单).
// The standard ships a sample of the lines most used in practice; operators load the full list,
// published as a table, from a CSV file with loadPositiveList.
import type { PositiveList, PositiveListLine, Standard } from './types';

const SOURCE_2022 =
  'MOF, NDRC, MOFCOM et al. Announcement 2022 No. 7, Cross-border E-commerce Retail Import List ' +
  '(2022 edition, 1,476 tariff lines), in force 2022-03-01. Sample: lines most used in practice; ' +
  'remarks shown in the list format, to be taken from the official list when loaded in full.';

const BONDED_ONLY_REMARK = /1210|网购保税/;

function line(tariffLine: string, description: string, remark = ''): PositiveListLine {
  return {
    tariffLine: tariffLine.replace(/\./g, ''),
    description,
    remark,
    bondedOnly: BONDED_ONLY_REMARK.test(remark),
  };
}

export const POSITIVE_LIST_2022_SAMPLE: PositiveList = {
  edition: '2022',
  source: SOURCE_2022,
  lines: [
    line('0401.20.00', 'Milk, fat content > 1 % but ≤ 6 %', '仅限网购保税商品 (1210 only)'),
    line('0402.21.00', 'Milk powder, fat > 1.5 %, unsweetened'),
    line('0409.00.00', 'Natural honey'),
    line('0901.21.00', 'Coffee, roasted, not decaffeinated'),
    line('1806.32.00', 'Chocolate in blocks or bars, not filled'),
    line('1901.10.10', 'Infant formula, put up for retail sale'),
    line('1905.31.00', 'Sweet biscuits'),
    line('2106.90.90', 'Food preparations n.e.s. (dietary supplements)', '仅限网购保税商品 (1210 only)'),
    line('2204.21.00', 'Wine of fresh grapes, in containers ≤ 2 l'),
    line('2208.30.00', 'Whiskies'),
    line('3303.00.00', 'Perfumes and toilet waters'),
    line('3304.10.00', 'Lip make-up preparations'),
    line('3304.20.00', 'Eye make-up preparations'),
    line('3304.91.00', 'Powders, compressed or not'),
    line('3304.99.00', 'Beauty, make-up and skin-care preparations n.e.s.'),
    line('3305.10.00', 'Shampoos'),
    line('3306.10.10', 'Toothpaste'),
    line('3401.11.00', 'Toilet soap'),
    line('4202.21.00', 'Handbags with outer surface of leather'),
    line('6403.99.00', 'Footwear with leather uppers n.e.s.'),
    line('8510.10.00', 'Shavers'),
    line('8517.13.00', 'Smartphones'),
    line('9102.11.00', 'Wrist-watches, battery powered, mechanical display only'),
    line('9619.00.11', "Babies' napkins and napkin liners"),
  ],
};

export interface PositiveListProblem {
  line: number;
  detail: string;
}

/** A positive-list file that cannot be loaded; `problems` lists every bad line, not only the first. */
export class PositiveListFormatError extends Error {
  constructor(readonly problems: PositiveListProblem[]) {
    super(`positive list not loaded: ${problems.map((p) => `line ${p.line}: ${p.detail}`).join('; ')}`);
    this.name = 'PositiveListFormatError';
  }
}

/** Splits one CSV record (RFC 4180 quoting, one physical line per record). */
function csvFields(text: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return null; // unterminated quote
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',') return null;
    } else {
      const comma = text.indexOf(',', i);
      field = text.slice(i, comma < 0 ? text.length : comma);
      i = comma < 0 ? text.length : comma;
    }
    fields.push(field.trim());
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

/**
 * Parses the text of a positive-list CSV file: `tariffLine,description,remark`, one line each,
 * an optional header row, tariff lines written `3304.99.00` or `33049900`. A remark naming 1210
 * (or 网购保税) restricts the line to the bonded mode 1210. The caller reads the file.
 */
export function loadPositiveList(text: string, meta: { edition: string; source: string }): PositiveList {
  const problems: PositiveListProblem[] = [];
  const lines: PositiveListLine[] = [];
  const seen = new Set<string>();
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  rows.forEach((row, index) => {
    const number = index + 1;
    if (row.trim() === '' || row.trimStart().startsWith('#')) return;
    const fields = csvFields(row);
    if (fields === null) return problems.push({ line: number, detail: 'unbalanced quotes' });
    if (index === 0 && fields[0].toLowerCase() === 'tariffline') return; // header
    if (fields.length < 2 || fields.length > 3) {
      return problems.push({
        line: number,
        detail: `expected tariffLine,description[,remark], got ${fields.length} fields`,
      });
    }
    const tariffLine = fields[0].replace(/\./g, '');
    if (!/^\d{8}$/.test(tariffLine))
      return problems.push({
        line: number,
        detail: `tariff line ${JSON.stringify(fields[0])} is not 8 digits`,
      });
    if (fields[1] === '') return problems.push({ line: number, detail: 'description is empty' });
    if (seen.has(tariffLine))
      return problems.push({ line: number, detail: `tariff line ${fields[0]} listed twice` });
    seen.add(tariffLine);
    const remark = fields[2] ?? '';
    lines.push({ tariffLine, description: fields[1], remark, bondedOnly: BONDED_ONLY_REMARK.test(remark) });
  });
  if (lines.length === 0 && problems.length === 0) problems.push({ line: 1, detail: 'no tariff lines' });
  if (problems.length > 0) throw new PositiveListFormatError(problems);
  return { edition: meta.edition, source: meta.source, lines };
}

/**
 * The same standard with a full positive list loaded by an operator. Its version is unchanged;
 * assessments record the list's edition next to the version so the answer can be replayed.
 */
export function withPositiveList(standard: Standard, positiveList: PositiveList): Standard {
  return { ...standard, cbec: { ...standard.cbec, positiveList } };
}
