//! English stemming that remembers the words it has stemmed.
//!
//! Indexing the dataset stems the same few thousand words hundreds of thousands of times
//! (every service inherits the same duty wording), and a profile of start-up put the Snowball
//! stemmer at a third of it. [`MemoStemmer`] is tantivy's English stemmer behind a
//! per-thread memo, so each distinct word is stemmed once per thread. The memo is bounded: past
//! [`MAX_MEMO_WORDS`] words (reachable only through queries of many made-up words) new words
//! are stemmed without being kept.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Most words the memo keeps: the dataset has a few thousand distinct words, and queries of
/// made-up words must not grow the process without bound.
const MAX_MEMO_WORDS: usize = 50_000;

thread_local! {
    // One memo per thread: no lock on the hot path, and only the indexing thread and the
    // few HTTP workers ever stem. Fx hashing: the keys are short words we chose to index.
    static MEMO: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// The English stem of the lowercase `word`, written into `out`.
fn stem_into(word: &str, out: &mut String) {
    MEMO.with_borrow_mut(|memo| {
        out.clear();
        if let Some(stem) = memo.get(word) {
            out.push_str(stem);
            return;
        }
        let stem = stem_uncached(word);
        out.push_str(&stem);
        if memo.len() < MAX_MEMO_WORDS {
            memo.insert(word.to_string(), stem);
        }
    })
}

fn stem_uncached(word: &str) -> String {
    thread_local! {
        static STEMMER: RefCell<TextAnalyzer> = RefCell::new(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        );
    }
    STEMMER.with_borrow_mut(|analyzer| {
        let mut stream = analyzer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            word.to_string()
        }
    })
}

/// A token filter that replaces each token by its English stem, like tantivy's `Stemmer`,
/// through the memo.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub(crate) struct MemoStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

pub(crate) struct MemoStemmerStream<T> {
    tail: T,
    buffer: String,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        stem_into(&token.text, &mut self.buffer);
        std::mem::swap(&mut token.text, &mut self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TokenizerManager};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            out.push((
                token.text.clone(),
                token.position,
                token.offset_from,
                token.offset_to,
            ));
        }
        out
    }

    #[test]
    fn gives_what_tantivys_english_stemmer_gives_twice_over() {
        let mut plain = TokenizerManager::default().get("en_stem").unwrap();
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(MemoStemmer)
            .build();
        let text = "Patching, patches and PATCHED hosts; encryption-at-rest keys rotated \
                    yearly by the customer's KMS policies, Ünïcode naïveté too";
        for _ in 0..2 {
            assert_eq!(tokens(&mut memo, text), tokens(&mut plain, text));
        }
    }
}
