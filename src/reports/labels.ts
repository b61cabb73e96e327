// templates/reports/labels.yaml: the report card's own words, validated once at start-up.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod';

const text = z.string().min(1);
const lights = z.object({ green: text, yellow: text, red: text, none: text });

const ReportLabelsSchema = z.object({
  light: lights,
  status: lights,
  noData: text,
  noOrders: text,
  channelCount: text,
  channelSeparator: z.string(),
  chartLink: text,
});

export type ReportLabels = z.infer<typeof ReportLabelsSchema>;

export function loadReportLabels(file: string): ReportLabels {
  const parsed = ReportLabelsSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `report labels ${file} are invalid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`,
  );
}
