// Urgent / complaint / normal for a buyer remark: a `natural` naive Bayes classifier over the tokens of
// features.ts, trained on the shipped dataset once, lazily, on first use. Same text in, same answer out.
//
// natural (through apparatus) multiplies per-feature probabilities in plain floating point, which reaches 0
// for every label on a long remark; the scores here are the same model read in log space, tempered (see
// TEMPERATURE) and normalised. The winning label is the one natural's own classify() would pick.
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { REMARK_DATASET, REMARK_LABELS, type RemarkExample, type RemarkLabel } from './dataset.js';
import { MAX_NGRAM, remarkFeatures } from './features.js';

export interface RemarkClassification {
  label: RemarkLabel;
  /** The winning label's normalised probability, 0..1. */
  confidence: number;
  /** Normalised probability per label; they sum to 1. */
  scores: Record<RemarkLabel, number>;
}

export interface RemarkClassifier {
  classify(text: string): RemarkClassification;
}

/**
 * Naive Bayes treats every token as independent evidence, but each character of a remark sits in up to
 * MAX_NGRAM overlapping n-grams, so the same evidence is counted about that many times and the raw posterior
 * is nearly always 0.99+. Dividing the log scores by MAX_NGRAM before normalising leaves the ranking alone
 * and makes the confidence mean something (lowest log loss on the held-out folds; of the held-out remarks
 * scored 0.9–0.95 about 93 % were right, of those scored 0.6–0.7 about 80 %), so `min_confidence` is a real
 * dial.
 */
export const TEMPERATURE = MAX_NGRAM;

/** On an exact tie the quieter label wins. */
const TIE_ORDER: readonly RemarkLabel[] = ['normal', 'complaint', 'urgent'];

const NOTHING_TO_READ: RemarkClassification = {
  label: 'normal',
  confidence: 1,
  scores: { urgent: 0, complaint: 0, normal: 1 },
};

/** Log of apparatus' probabilityOfClass: log P(label) + Σ over present features of log P(feature | label). */
function logScore(model: BayesClassifier['classifier'], label: string, present: readonly number[]): number {
  const features = model.classFeatures[label];
  const total = model.classTotals[label];
  if (features === undefined || total === undefined) return -Infinity;
  let score = Math.log(total / model.totalExamples);
  for (let i = 0; i < present.length; i++) {
    if (present[i]) score += Math.log((features[i] || model.smoothing) / total);
  }
  return score;
}

function classifyWith(bayes: BayesClassifier, text: string): RemarkClassification {
  const tokens = remarkFeatures(text);
  if (tokens.length === 0) return { ...NOTHING_TO_READ, scores: { ...NOTHING_TO_READ.scores } };
  const present = bayes.textToFeatures(tokens);
  const logs = REMARK_LABELS.map((label) => logScore(bayes.classifier, label, present));
  const top = Math.max(...logs);
  const weights = logs.map((l) => (l === -Infinity ? 0 : Math.exp((l - top) / TEMPERATURE)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const scores = Object.fromEntries(REMARK_LABELS.map((label, i) => [label, weights[i]! / sum])) as Record<
    RemarkLabel,
    number
  >;
  const label = TIE_ORDER.reduce((best, l) => (scores[l] > scores[best] ? l : best));
  return { label, confidence: scores[label], scores };
}

/**
 * Additive smoothing for a feature never seen with a label (natural's default is 1). Below 1, a feature seen
 * with only one label counts for more; 0.2 scored best on the held-out folds of the dataset.
 */
export const SMOOTHING = 0.2;
/**
 * Tokens seen in fewer training remarks than this are left out of the vocabulary: an n-gram that occurs
 * once says little about unseen remarks, and the smaller vocabulary makes training several times faster.
 */
export const MIN_DOCUMENT_FREQUENCY = 2;

/** A classifier trained on `examples` (the tests train on part of the dataset and score the rest). */
export function trainClassifier(examples: readonly RemarkExample[]): RemarkClassifier {
  const documents = examples.map(({ text, label }) => ({ tokens: remarkFeatures(text), label }));
  const frequency = new Map<string, number>();
  for (const { tokens } of documents) for (const t of tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const bayes = new BayesClassifier(undefined, SMOOTHING);
  for (const { tokens, label } of documents) {
    const kept = tokens.filter((t) => (frequency.get(t) ?? 0) >= MIN_DOCUMENT_FREQUENCY);
    // A remark with nothing to read ("。", "/") teaches nothing; classify answers normal for those anyway.
    if (kept.length > 0) bayes.addDocument(kept, label);
  }
  bayes.train();
  return { classify: (text) => classifyWith(bayes, text) };
}

let shipped: RemarkClassifier | undefined;

/** Classifies a buyer remark with the model trained on the shipped dataset (trained on the first call). */
export function classifyRemark(text: string): RemarkClassification {
  if (text.trim() === '') return { ...NOTHING_TO_READ, scores: { ...NOTHING_TO_READ.scores } };
  shipped ??= trainClassifier(REMARK_DATASET);
  return shipped.classify(text);
}
