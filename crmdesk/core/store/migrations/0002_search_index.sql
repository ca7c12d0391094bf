-- CRMDesk schema version 2: the customer search index (docs/spec.md §2 search, §9 speed).
-- customer_fts: trigram FTS5 over code, name, contact names and tags (queries of 3+ characters);
-- customer_bigram: every 2-character window of the same text, filled from Python, because the
-- trigram tokenizer cannot answer 1–2 character queries (two Chinese characters must be enough).
-- The rowid of both is the customer id. The migration's Python step fills them.

CREATE VIRTUAL TABLE "customer_fts" USING fts5("text", tokenize = 'trigram');
CREATE VIRTUAL TABLE "customer_bigram" USING fts5("grams", tokenize = 'unicode61');
