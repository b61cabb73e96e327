// Typings for the one `natural` submodule the urgency classifier loads. The package root (`natural`) is
// never imported: it loads dotenv at import time. natural ships typings only for its index files, so this
// declares the part of BayesClassifier (and of the apparatus model behind it) that classifier.ts uses.
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  /** The trained naive Bayes model (apparatus): document counts per label and per (label, feature index). */
  interface ApparatusBayesModel {
    /** label → feature index → documents with the feature + smoothing. */
    classFeatures: Record<string, Record<number, number>>;
    /** label → documents with the label + 1. */
    classTotals: Record<string, number>;
    /** All documents + 1. */
    totalExamples: number;
    smoothing: number;
  }

  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    classifier: ApparatusBayesModel;
    /** Token arrays are taken as they are (a string would be stemmed with the Porter stemmer). */
    addDocument(tokens: string[], label: string): void;
    train(): void;
    /** 0/1 per vocabulary feature, in vocabulary order. */
    textToFeatures(tokens: string[]): number[];
    getClassifications(tokens: string[]): { label: string; value: number }[];
    classify(tokens: string[]): string;
  }

  export = BayesClassifier;
}
