use super::*;

fn same_lines(input: &str, output: &str) {
    assert_eq!(
        input.lines().count(),
        output.lines().count(),
        "every line keeps its number:\n{output}"
    );
}

#[test]
fn simple_tables_become_pipe_tables_with_their_alignment() {
    let text = "Teks.\n\n  Kanan     Kiri     Tengah     Biasa\n-------     ------ ----------   -------\n     12     12        12            12\n    123     123       123          123\n\nTable: Contoh tabel *sederhana*.\n\nSesudah.\n";
    let out = rewrite(text);
    same_lines(text, &out);
    assert!(
        out.contains(
            "| Kanan | Kiri | Tengah | Biasa |\n|---:|:---|:---:|:---|\n| 12 | 12 | 12 | 12 |\n| 123 | 123 | 123 | 123 |\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("<span class=\"caption\">Contoh tabel *sederhana*.</span>"),
        "{out}"
    );
    assert!(out.ends_with("\nSesudah.\n"));
}

#[test]
fn multiline_and_grid_tables_join_their_lines_per_cell() {
    let text = "-------------------------------------------------------------\n Centered   Default           Right Left\n  Header    Aligned         Aligned Aligned\n----------- ------- --------------- -------------------------\n   First    row                12.0 Example of a row that\n                                    spans multiple lines.\n\n  Second    row                 5.0 Here's another one.\n-------------------------------------------------------------\n\n: Here's the caption.\n";
    let out = rewrite(text);
    same_lines(text, &out);
    assert!(
        out.starts_with(
            "| Centered Header | Default Aligned | Right Aligned | Left Aligned |\n|:---:|---|---:|:---|\n| First | row | 12.0 | Example of a row that spans multiple lines. |\n| Second | row | 5.0 | Here's another one. |\n"
        ),
        "{out}"
    );
    let text = "+---------------+---------------+--------------------+\n| Fruit         | Price         | Advantages         |\n+===============+==============:+====================+\n| Bananas       | $1.34         | built-in wrapper   |\n|               |               | bright color       |\n+---------------+---------------+--------------------+\n| Oranges | x | a \\| b |\n+---------------+---------------+--------------------+\n";
    let out = rewrite(text);
    same_lines(text, &out);
    assert!(
        out.starts_with(
            "| Fruit | Price | Advantages |\n|---|---:|---|\n| Bananas | $1.34 | built-in wrapper bright color |\n"
        ),
        "{out}"
    );
}

#[test]
fn headings_rules_code_and_plain_text_are_left_alone() {
    for text in [
        "Judul\n-----\n\nTeks.\n",
        "Teks.\n\n---\n\nLagi.\n",
        "```\n  a    b\n---  ---\n  1    2\n```\n",
        "- - -\n",
        "Satu -- dua.\n",
        "Contoh:\n\n      Kanan     Kiri\n    -------     ------\n         12     12\n\n    Table: bukan tabel\n",
    ] {
        assert_eq!(rewrite(text), text, "{text}");
    }
}

#[test]
fn a_pipe_tables_caption_becomes_a_caption() {
    let text = "Table: Hasil\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let out = rewrite(text);
    assert!(
        out.starts_with("<span class=\"caption\">Hasil</span>\n\n| a | b |"),
        "{out}"
    );
}

#[test]
fn a_listing_s_caption_beside_it_is_a_caption() {
    let text = "```haskell\nmain = print 1\n```\n\n: Code caption {#lst:code}\n\nText.\n";
    let out = rewrite(text);
    // The id stays for document::crossrefs, which takes it out.
    assert_eq!(
        out,
        "```haskell\nmain = print 1\n```\n\n<span class=\"caption\">Code caption {#lst:code}</span>\n\nText.\n"
    );
    let before = "Listing: Above\n\n```\nx\n```\n";
    assert!(rewrite(before).starts_with("<span class=\"caption\">Above</span>\n"));
    let definition = "Term\n: not a caption\n\n```\nx\n```\n";
    assert_eq!(rewrite(definition), definition);
}

#[test]
fn a_caption_above_each_table_is_its_own() {
    // As a Turkish thesis writes them: every caption above its table. The caption between the
    // two is the second's, as in pandoc.
    let text = "Table: Birinci {#tbl:a}\n\n| a |\n|---|\n| 1 |\n\n\
                Table: İkinci {#tbl:b}\n\n| b |\n|---|\n| 2 |\n";
    let out = rewrite(text);
    let first = out.find("Birinci").unwrap();
    let second = out.find("İkinci").unwrap();
    let (t1, t2) = (out.find("| a |").unwrap(), out.find("| b |").unwrap());
    assert!(first < t1 && t1 < second && second < t2, "{out}");
    assert_eq!(out.matches("<span class=\"caption\">").count(), 2, "{out}");
}
