//! Lexer: source text to tokens with spans. (Being written.)
