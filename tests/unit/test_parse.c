/* Unit tests for the parser (grammar/parser.y): the tree it builds and how it
 * recovers from syntax errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "helpers.h"


/* The name of a unit of one term. */
static dxp_str unit_name(const dxp_unit_ref *ref)
{
    dxp_unit_term one;
    const dxp_unit_term *t = dxp_unit_ref_terms(ref, &one);
    assert_null(t->next);
    return dxp_unit_term_name(t);
}

/* The name of the unit of one term written after a value's number. */
static dxp_str unit_name_of(const dxp_value *v)
{
    dxp_unit_ref sign;
    const dxp_unit_ref *unit = dxp_value_unit(v, &sign);
    assert_non_null(unit);
    return unit_name(unit);
}

/* The split follows the work, not the bytes: a plan whose first part is dense
 * with tokens (KPIs) and whose second part is mostly Japanese notes is split
 * where each side has about as much work (ten for a byte of ASCII, one for
 * any other), at a declaration's line. */
static size_t work_of(const char *p, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) w += (unsigned char)p[i] < 0x80 ? 10 : 1;
    return w;
}

static void test_split_point_follows_the_work(void **state)
{
    (void)state;
    size_t size = 8u << 20, len = 0;
    char *text = malloc(size);
    for (int i = 0; len < size / 2; i++)
        len += (size_t)snprintf(text + len, size - len,
                                "kpi k%d \"指標\" {\n  unit 件\n  target { R3: %d  R4: %d  R5: %d  R6: %d }\n}\n",
                                i, i, i + 1, i + 2, i + 3);
    for (int i = 0; len < size - 4096; i++)
        len += (size_t)snprintf(text + len, size - len,
                                "data d%d \"人口\" { note \"【未達成】首都圏での人材不足等を背景に、地方拠点開設の動きに"
                                "鈍化がみられ、目標に届かなかった。今後も研修等により意識醸成を図る。\" }\n", i);
    uint32_t split = dxp_parse_split_point(text, len);
    assert_true(split > 0 && split < len / 2);               /* inside the KPIs, not at half the bytes */
    assert_true(text[split - 1] == '\n');
    assert_true(strncmp(text + split, "kpi ", 4) == 0);
    size_t before = work_of(text, split), after = work_of(text + split, len - split);
    double share = (double)before / (double)(before + after);
    assert_true(share > 0.45 && share < 0.55);
    /* no declaration within reach: no split */
    memset(text, 'x', len);
    assert_int_equal(dxp_parse_split_point(text, len), 0);
    free(text);
}

static void test_kpi_tree(void **state)
{
    (void)state;
    parsed *p = parse_text("kpi opendata 「オープンデータみやぎ公開数」 {\n"
                      "  measure 企2  unit データセット  direction up\n"
                      "  baseline 128 at R2.12\n"
                      "  target { R3: 135  R4..R6: 調整中 }\n"
                      "}\n");
    assert_int_equal(p->diags.count, 0);
    dxp_decl *d = p->file->decls;
    assert_non_null(d);
    assert_int_equal(d->kind, DXP_DECL_KPI);
    assert_true(dxp_str_eq(dxp_decl_id(d), "opendata"));
    assert_true(dxp_str_eq(dxp_decl_title(d), "オープンデータみやぎ公開数"));
    /* the block is folded into the KPI's series as it is parsed */
    const dxp_series *s = d->series;
    assert_ptr_equal(s->decl, d);
    assert_int_equal(s->kind, DXP_SERIES_KPI);
    assert_true(dxp_str_eq(dxp_series_measure_name(s), "企2"));
    assert_true(s->has_unit_ref);
    dxp_unit_ref unit;
    assert_true(dxp_str_eq(unit_name(dxp_series_unit_ref(s, &unit)), "データセット"));
    assert_true(s->direction_given);
    assert_int_equal(s->direction, DXP_DIR_UP);
    assert_null(s->rare);
    const dxp_baseline *b = s->baseline;
    assert_true(b->value->number == 128);
    assert_true(dxp_baseline_has_point(b));
    assert_int_equal(b->point.year, 2020);
    assert_int_equal(b->point.month, 12);
    const char *text = p->text;
    assert_int_equal(b->loc.end - b->loc.start, strlen("baseline 128 at R2.12"));
    assert_memory_equal(text + b->loc.start, "baseline 128 at R2.12", b->loc.end - b->loc.start);
    assert_memory_equal(text + dxp_value_loc(b->value).start, "128", dxp_value_loc(b->value).end - dxp_value_loc(b->value).start);
    assert_memory_equal(text + b->point_loc.start, "R2.12", b->point_loc.end - b->point_loc.start);
    /* R4..R6 is expanded to a year each, with the range's place and value */
    assert_int_equal(s->targets.count, 4);
    dxp_year_entry *e = s->targets.items;
    assert_int_equal(e[0].year.fy, 2021);
    for (int k = 1; k <= 3; k++) {
        assert_int_equal(e[k].year.fy, 2021 + k);
        assert_int_equal(e[k].year.era, 'R');
        assert_ptr_equal(e[k].value, e[1].value);
        assert_int_equal(e[k].loc.start, e[1].loc.start);
        assert_int_equal(e[k].loc.end, e[1].loc.end);
        assert_false(e[k].from_actuals);
    }
    assert_true(e[1].loc.end - e[1].loc.start == strlen("R4..R6"));
    assert_int_equal(e[1].value->kind, DXP_VALUE_STATE);
    assert_int_equal(e[1].value->state, DXP_STATE_PENDING);
    free_parsed(p);
}

/* Ranges are expanded to a year each; a range that runs backwards, and the
 * entries past DXP_MAX_TABLE_YEARS, stand for no year and are set aside for
 * resolving to report. The parse itself reports nothing (fmt still works). */
static void test_table_ranges_set_aside(void **state)
{
    (void)state;
    char text[8192] = "measure m { budget { R6..R3: 1  R3..R4: 2 ";
    for (int i = 0; i < 4; i++) strcat(text, "FY1868..FY2200: 3 ");   /* 333 years each: 2 + 3 × 333 > 1,000 */
    strcat(text, "R5: 4 } budget { R5: 5 } }\n");
    parsed *p = parse_text(text);
    assert_int_equal(p->diags.count, 0);
    const dxp_prop *target = p->file->decls->props, *budget = target->next;   /* both budgets, as written */
    assert_int_equal(target->nentries, 2 + 2 * 333);   /* the third range would pass 1,000 */
    assert_int_equal(target->entries[0].year.fy, 2021);
    assert_int_equal(target->entries[1].year.fy, 2022);
    assert_int_equal(target->entries[2].year.fy, 1868);
    assert_int_equal(target->entries[2 + 2 * 333 - 1].year.fy, 2200);
    assert_int_equal(budget->nentries, 1);   /* a new table starts empty, and not full */
    int backwards = 0, full = 0;
    for (const dxp_bad_range *b = p->file->bad_ranges; b; b = b->next) {
        backwards += b->kind == DXP_RANGE_BACKWARDS;
        full += b->kind == DXP_RANGE_TABLE_FULL;
        if (b->kind == DXP_RANGE_TABLE_FULL) assert_memory_equal(text + b->loc.start, "FY1868..FY2200", 14);
    }
    assert_int_equal(backwards, 1);
    assert_int_equal(full, 1);   /* once a table: the fourth range and R5: 4 after it are left out unreported */
    free_parsed(p);
}

/* The parser gathers an actuals block's items by kind: items skipped by a
 * syntax error are left out, and each block starts from none. */
static void test_actuals_item_count(void **state)
{
    (void)state;
    parsed *p = parse_text("actuals R5 { a: 1  note a \"メモ\"  budget g: 5 千円 }\n"
                      "actuals R6 { a: 1  b 2  c: 3  d: }\n"   /* `1 b` (b a unit) is cut off at 2 */
                      "actuals R4 { }\n");
    dxp_decl *d = p->file->decls;
    /* values, notes and budgets of each block */
    uint32_t expected[][3] = { { 1, 1, 1 }, { 1, 0, 0 }, { 0, 0, 0 } };
    for (int i = 0; i < 3; i++, d = d->next) {
        assert_int_equal(d->kind, DXP_DECL_ACTUALS);
        assert_int_equal(d->actuals->nvalues, expected[i][0]);
        assert_int_equal(d->actuals->nnotes, expected[i][1]);
        assert_int_equal(d->actuals->nbudgets, expected[i][2]);
    }
    free_parsed(p);
}

static void test_values(void **state)
{
    (void)state;
    parsed *p = parse_text("actuals R6 { a: 74.7 from R5  b: (100)  c: 95%..100%  d: -  "
                      "e: 70 \"希望職員のうち\"  f: > actual[R5]  g: -3 件  h: 12  i: R6から実施 }");
    assert_int_equal(p->diags.count, 0);
    const dxp_year_entry *it = p->file->decls->actuals->values;
    assert_true(it->value->has_from);
    assert_int_equal(dxp_value_extra_of(it->value)->from.fy, 2023);
    assert_false(it->value->has_remark);
    it++;
    assert_true(it->value->parenthesized);
    it++;
    assert_int_equal(it->value->kind, DXP_VALUE_RANGE);
    assert_true(dxp_value_high(it->value)->number == 100);
    assert_true(dxp_str_eq(unit_name_of(it->value), "%"));
    assert_true(dxp_str_eq(unit_name_of(dxp_value_high(it->value)), "%"));
    it++;
    assert_int_equal(it->value->state, DXP_STATE_NONE);
    it++;
    assert_true(it->value->has_remark);
    assert_false(it->value->has_from);
    assert_true(dxp_str_eq(dxp_value_remark(dxp_value_extra_of(it->value)), "希望職員のうち"));
    it++;
    assert_int_equal(it->value->kind, DXP_VALUE_COMPARE);
    assert_int_equal(it->value->compare_op, DXP_OP_GT);
    assert_int_equal(dxp_value_compared(it->value)->kind, DXP_EXPR_INDEX);
    it++;
    assert_true(it->value->negative);
    assert_true(it->value->number == -3);
    assert_true(dxp_str_eq(unit_name_of(it->value), "件"));
    it++;
    assert_true(it->value->number == 12);
    assert_false(it->value->has_extra);   /* a plain number carries nothing else */
    dxp_unit_ref sign;
    assert_null(dxp_value_unit(it->value, &sign));
    it++;
    assert_int_equal(it->value->state, DXP_STATE_FROM);
    assert_int_equal(dxp_value_state_year(it->value).fy, 2024);
    free_parsed(p);
}

/* The text of a file at loc. */
static dxp_str text_at(const char *text, dxp_loc loc)
{
    return (dxp_str){ text + loc.start, loc.end - loc.start };
}

/* A unit of one term is kept without a node for its term (one a KPI in a
 * national plan); from the second term on, every term has one, the first
 * included, with its name, place and sign. */
static void test_unit_terms(void **state)
{
    (void)state;
    parsed *p = parse_text("kpi a 「件数」 { unit 件 }\n"
                      "kpi b 「率」 { unit ％ }\n"
                      "kpi c 「単価」 { unit 千円/社 }\n"
                      "kpi d 「割合」 { unit 人*日/% }\n"
                      "actuals R6 { a: 3 件  b: 45.2％ }");
    assert_int_equal(p->diags.count, 0);
    dxp_decl *d = p->file->decls;
    dxp_unit_ref written;
    const dxp_unit_ref *one = dxp_series_unit_ref(d->series, &written);
    assert_null(one->terms);
    assert_true(dxp_str_eq(unit_name(one), "件"));
    d = d->next;
    one = dxp_series_unit_ref(d->series, &written);
    assert_null(one->terms);
    dxp_unit_term term;
    const dxp_unit_term *t = dxp_unit_ref_terms(one, &term);
    assert_true(t->percent);
    assert_true(dxp_str_eq(dxp_unit_term_name(t), "%"));
    assert_int_equal(t->loc.end - t->loc.start, 3);   /* ％: three bytes, named % */

    d = d->next;
    const dxp_unit_ref *two = dxp_series_unit_ref(d->series, &written);
    assert_true(dxp_str_eq(text_at(p->text, two->loc), "千円/社"));
    assert_true(dxp_str_eq((dxp_str){ two->text, 6 }, "千円"));   /* the text is the source's, where the unit is written */
    t = dxp_unit_ref_terms(two, &term);
    assert_ptr_equal(t, two->terms);
    assert_true(dxp_str_eq(dxp_unit_term_name(t), "千円"));
    assert_int_equal(t->exponent, 1);
    assert_true(dxp_str_eq(dxp_unit_term_name(t->next), "社"));
    assert_int_equal(t->next->exponent, -1);
    assert_null(t->next->next);

    d = d->next;
    t = d->series->unit_terms;
    const char *names[] = { "人", "日", "%" };
    const int exponents[] = { 1, 1, -1 };
    for (int i = 0; i < 3; i++, t = t->next) {
        assert_non_null(t);
        assert_true(dxp_str_eq(dxp_unit_term_name(t), names[i]));
        assert_int_equal(t->exponent, exponents[i]);
        assert_int_equal(t->percent, i == 2);
    }
    assert_null(t);

    const dxp_year_entry *it = d->next->actuals->values;
    dxp_unit_ref sign;
    assert_null(dxp_value_unit(it->value, &sign)->terms);
    assert_true(dxp_str_eq(unit_name_of(it->value), "件"));
    assert_true(dxp_str_eq(unit_name_of(it[1].value), "%"));
    free_parsed(p);
}


/* 45.2% keeps its percent sign in the value, without an extra block; any
 * value that needs the block for something else carries the sign there,
 * and every form gives the same number, unit and places. */
static void test_percent_in_the_value(void **state)
{
    (void)state;
    const char *text = "actuals R6 { a: 45.2%  b: 45.2％  c: 45.2 %  d: -5%  e: 95%..100%  "
                       "f: (45%)  g: 74.7% from R5  h: 12 件 }";
    parsed *p = parse_text(text);
    assert_int_equal(p->diags.count, 0);
    static const struct { const char *value, *number, *unit; bool extra; } expected[] = {
        { "45.2%", "45.2", "%", false },  { "45.2％", "45.2", "％", false },
        { "45.2 %", "45.2", "%", true },  { "-5%", "5", "%", true },
        { "95%..100%", "95", "%", true }, { "(45%)", "45", "%", true },
        { "74.7% from R5", "74.7", "%", true }, { "12 件", "12", "件", true },
    };
    const dxp_year_entry *it = p->file->decls->actuals->values;
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++, it++) {
        const dxp_value *v = it->value;
        assert_true(dxp_str_eq(text_at(text, dxp_value_loc(v)), expected[i].value));
        assert_true(dxp_str_eq(text_at(text, dxp_value_number_loc(v)), expected[i].number));
        dxp_unit_ref sign;
        const dxp_unit_ref *unit = dxp_value_unit(v, &sign);
        assert_non_null(unit);
        assert_true(dxp_str_eq(text_at(text, unit->loc), expected[i].unit));
        assert_int_equal(v->has_extra, expected[i].extra);
    }
    dxp_value *low = p->file->decls->actuals->values[4].value;
    dxp_unit_ref sign;
    assert_true(dxp_str_eq(text_at(text, dxp_value_unit(dxp_value_high(low), &sign)->loc), "%"));
    assert_false(dxp_value_high(low)->has_extra);   /* 100% on its own */
    free_parsed(p);
}

/* A value is 16 bytes, its length in 14 bits of them: one written over more
 * than DXP_VALUE_MAX_LEN bytes (a comment between its number and its unit)
 * keeps its end in the extra block, and every other part stays as it was. */
static void test_long_value(void **state)
{
    (void)state;
    size_t comment_len = DXP_VALUE_MAX_LEN + 100;
    char *text = dxp_xmalloc(comment_len + 200);
    char *at = text + sprintf(text, "actuals R6 { a: 30 #");
    memset(at, 'x', comment_len);
    at += comment_len;
    sprintf(at, "\n 件 \"備考\"  b: 45.2%%  c: 7 }");
    parsed *p = parse_text(text);
    assert_int_equal(p->diags.count, 0);
    const dxp_actuals_block *b = p->file->decls->actuals;
    const dxp_value *a = b->values[0].value;
    dxp_loc loc = dxp_value_loc(a);
    assert_true(a->has_long_loc);
    assert_int_equal(loc.start, (uint32_t)(strstr(text, "30") - text));
    assert_int_equal(loc.end, (uint32_t)(strstr(text, "\"  b:") + 1 - text));   /* after the remark */
    assert_true(a->number == 30);
    assert_true(dxp_str_eq(dxp_value_remark(dxp_value_extra_of(a)), "備考"));
    dxp_unit_ref sign;
    assert_true(dxp_str_eq(text_at(text, dxp_value_unit(a, &sign)->loc), "件"));
    assert_true(dxp_str_eq(text_at(text, dxp_value_number_loc(a)), "30"));
    /* the values after it are short, and need no extra block */
    assert_false(b->values[1].value->has_long_loc);
    assert_true(dxp_str_eq(text_at(text, dxp_value_loc(b->values[1].value)), "45.2%"));
    assert_false(b->values[2].value->has_extra);
    assert_true(dxp_str_eq(text_at(text, dxp_value_loc(b->values[2].value)), "7"));
    free_parsed(p);
    free(text);
}

/* A value's extra block lies right after it: in place when nothing was
 * allocated after the value, and otherwise (a unit of two terms, the upper
 * end of a range) the value moves to where both fit. Either way every part
 * of every form is kept. */
static void test_value_extra_follows_value(void **state)
{
    (void)state;
    const char *text = "actuals R6 { a: 1,200 千円/社  b: -5 件 from R5 \"見込み\"  c: (45%)  "
                       "d: 95%..100%  e: R6から実施  f: 調整中 \"庁内調整\"  g: 18 }\n"
                       "kpi k { target { R6: > actual[R5] } }";
    parsed *p = parse_text(text);
    assert_int_equal(p->diags.count, 0);
    const dxp_year_entry *it = p->file->decls->actuals->values;
    const dxp_value *v[7];
    for (int i = 0; i < 7; i++, it++) {
        v[i] = it->value;
        if (v[i]->has_extra) assert_ptr_equal(dxp_value_extra_of(v[i]), (const void *)(v[i] + 1));
        else assert_null(dxp_value_extra_of(v[i]));
    }
    dxp_unit_ref sign;
    const dxp_unit_ref *u = dxp_value_unit(v[0], &sign);   /* moved: its unit's terms came after it */
    assert_true(dxp_str_eq(text_at(text, u->loc), "千円/社"));
    assert_true(dxp_str_eq(dxp_unit_term_name(u->terms->next), "社"));
    assert_true(v[0]->number == 1200);
    assert_true(dxp_str_eq(text_at(text, dxp_value_number_loc(v[0])), "1,200"));
    assert_true(v[1]->number == -5 && v[1]->negative && v[1]->has_from && v[1]->has_remark);
    assert_int_equal(dxp_value_extra_of(v[1])->from.fy, 2023);
    assert_true(dxp_str_eq(text_at(text, dxp_value_extra_of(v[1])->from_loc), "R5"));
    assert_true(dxp_str_eq(dxp_value_remark(dxp_value_extra_of(v[1])), "見込み"));
    assert_true(dxp_str_eq(text_at(text, dxp_value_unit(v[1], &sign)->loc), "件"));
    assert_true(dxp_str_eq(text_at(text, dxp_value_loc(v[1])), "-5 件 from R5 \"見込み\""));
    assert_true(v[2]->parenthesized && v[2]->number == 45);
    assert_int_equal(v[3]->kind, DXP_VALUE_RANGE);
    assert_true(v[3]->number == 95 && dxp_value_high(v[3])->number == 100);
    assert_int_equal(v[4]->state, DXP_STATE_FROM);
    assert_int_equal(dxp_value_state_year(v[4]).fy, 2024);
    assert_int_equal(v[5]->state, DXP_STATE_PENDING);
    assert_true(dxp_str_eq(dxp_value_remark(dxp_value_extra_of(v[5])), "庁内調整"));
    assert_false(v[6]->has_extra);   /* a plain number: 24 bytes and nothing else */
    const dxp_value *cmp = p->file->decls->next->series->targets.items[0].value;
    assert_int_equal(cmp->kind, DXP_VALUE_COMPARE);
    assert_int_equal(cmp->compare_op, DXP_OP_GT);
    assert_int_equal(dxp_value_compared(cmp)->kind, DXP_EXPR_INDEX);
    free_parsed(p);
}

/* An item's key is its name without the colon (: or ：), and a note keeps
 * its text, escapes undone; in actuals, revise and rules blocks alike. */
static void test_item_keys_and_notes(void **state)
{
    (void)state;
    parsed *p = parse_text("actuals R6 { telework.mobile: 45.2%  総１：12  note 総１ \"前年度比 \\\"増\\\"\"  budget 企2: 2,400 千円 }\n"
                      "revise R5 \"見直し\" { 総１: target { R6: 20 } }\n"
                      "rules mine \"自前\" { rate: actual / target }");
    assert_int_equal(p->diags.count, 0);
    const dxp_decl *d = p->file->decls;
    const dxp_actuals_block *b = d->actuals;
    const char *text = p->text;
    assert_int_equal(b->nvalues, 2);
    assert_true(dxp_str_eq(dxp_actual_key(text, &b->values[0]), "telework.mobile"));
    assert_true(dxp_str_eq(dxp_actual_key(text, &b->values[1]), "総１"));
    assert_true(b->values[1].value->number == 12);
    assert_int_equal(b->nnotes, 1);
    assert_true(dxp_str_eq(dxp_year_note_key(text, &b->notes[0]), "総１"));
    assert_true(dxp_str_eq(dxp_year_note_text(&b->notes[0]), "前年度比 \"増\""));
    assert_int_equal(b->nbudgets, 1);
    assert_true(dxp_str_eq(dxp_actual_key(text, &b->budgets[0]), "企2"));
    /* every entry has the block's year, and the notes are placed at their item */
    assert_int_equal(b->values[0].year.fy, 2024);
    assert_int_equal(b->notes[0].year.fy, 2024);
    assert_int_equal(b->budgets[0].year.fy, 2024);
    assert_true(b->values[0].from_actuals && b->budgets[0].from_actuals);
    assert_int_equal(b->notes[0].loc.start, (uint32_t)(strstr(text, "note") - text));
    dxp_item *it;
    it = p->file->decls->next->items;
    assert_int_equal(it->kind, DXP_ITEM_REVISION);
    assert_true(dxp_str_eq(dxp_item_key(it), "総１"));
    it = p->file->decls->next->next->rules->items;
    assert_int_equal(it->kind, DXP_ITEM_DEFINITION);
    assert_true(dxp_str_eq(dxp_item_key(it), "rate"));
    free_parsed(p);
}

static void test_expression_precedence(void **state)
{
    (void)state;
    parsed *p = parse_text("kpi x { formula if a > 1 and not b then a / b * 100% else -c + d }");
    assert_int_equal(p->diags.count, 0);
    dxp_expr *e = dxp_series_formula(p->file->decls->series);
    assert_int_equal(e->kind, DXP_EXPR_IF);
    assert_int_equal(e->a->op, DXP_OP_AND);
    assert_int_equal(e->a->a->op, DXP_OP_GT);
    assert_int_equal(e->b->op, DXP_OP_MUL);          /* (a / b) * 100% */
    assert_int_equal(e->b->a->op, DXP_OP_DIV);
    assert_int_equal(e->c->op, DXP_OP_ADD);          /* (-c) + d */
    assert_int_equal(e->c->a->op, DXP_OP_NEG);
    free_parsed(p);
}

static void test_recovery_reports_every_error(void **state)
{
    (void)state;
    parsed *p = parse_text("kpi a { unit 件 foo }\n"
                      "kpi b { target { R3 5  R4: 6 } }\n"
                      "bogus\n"
                      "goal g \"ok\"\n");
    assert_int_equal(p->diags.count, 3);
    for (size_t i = 0; i < p->diags.count; i++) assert_string_equal(p->diags.items[i].code, "DXP201");
    assert_true(p->file->had_errors);
    /* what could be read is kept */
    int n = 0;
    for (dxp_decl *d = p->file->decls; d; d = d->next) n++;
    assert_int_equal(n, 3);
    /* a block that lost a property is marked, so that check does not report
     * what is missing from it; the blocks after it are not */
    assert_true(p->file->decls->incomplete);
    assert_false(p->file->decls->next->next->incomplete);
    free_parsed(p);
}

/* A declaration's title is optional; a KPI knows whether it has parts. */
static void test_titles_and_parts(void **state)
{
    (void)state;
    const char *text = "goal g { label \"D for Citizen\" }\n"
                       "kpi k \"テレワーク\" { unit 人  part 本庁 \"本庁\" { }  part 支所 { } }\n"
                       "kpi solo { unit 件 }\n";
    parsed *p = parse_text(text);
    assert_int_equal(p->diags.count, 0);
    dxp_decl *g = p->file->decls, *k = g->next, *solo = k->next;
    assert_false(g->has_title);
    assert_true(k->has_title);
    assert_true(dxp_str_eq(dxp_decl_title(k), "テレワーク"));
    uint32_t title_at = (uint32_t)(strstr(text, "\"テレワーク\"") - text);
    assert_int_equal(k->title_loc.start, title_at);
    assert_int_equal(k->title_loc.end, title_at + strlen("\"テレワーク\""));
    assert_int_equal(k->series->nparts, 2);
    assert_int_equal(solo->series->nparts, 0);
    assert_int_equal(p->file->nseries, 4);   /* two KPIs and two parts */
    for (dxp_decl *d = p->file->decls; d; d = d->next) assert_false(d->incomplete);
    free_parsed(p);
}

static void test_comments_are_kept(void **state)
{
    (void)state;
    parsed *p = parse_text("# 先頭\nkpi a { unit 件 } # 末尾\n");
    dxp_comment *c = p->file->comments;
    assert_non_null(c);
    assert_int_equal(c->loc.start, 0);
    assert_non_null(c->next);
    assert_null(c->next->next);
    free_parsed(p);
}

static void test_empty_file(void **state)
{
    (void)state;
    parsed *p = parse_text("");
    assert_int_equal(p->diags.count, 0);
    assert_null(p->file->decls);
    free_parsed(p);
}

/* ---- a file parsed in two halves ---- */

static const char HALVES_PLAN[] =
    "import \"std\"\n"
    "# 計画\n"
    "plan p 「計画」 { period R3..R6 }\n"
    "goal g1 「県民サービス」\n"
    "measure m1 「オープンデータ」 { goal g1 }  # 施策\n"
    "kpi k1 「公開数」 {\n  measure m1\n  unit 件\n  baseline 128 at R2.12\n  target { R3..R5: 調整中  R6: 150 }\n}\n"
    "data d1 \"人口\" { unit 人  actual { R5: 2,280,000 } }\n"
    "kpi k2 「割合」 { measure m1  unit %  formula k1 / d1 * 100%  part a { unit 件 } }\n"
    "import \"実績.dxp\"\n"
    "actuals R6 {\n  k1: 200  # 実績\n  note k1 \"【達成】\"\n}\n"
    "revise R6 \"見直し\" { k1: target { R6: 300 } }\n"
    "rules local \"独自\" extends standard { met: actual >= target }\n"
    "unit 千件 = 1000 件\n";

/* A parse of HALVES_PLAN written over a fresh copy, at `split` (0: in one piece). */
static parsed *parse_halves(uint32_t split, bool *used_halves)
{
    parsed *p = dxp_xcalloc(1, sizeof *p);
    dxp_diags_init(&p->diags);
    dxp_arena_init(&p->arena);
    int32_t f = dxp_diags_add_source(&p->diags, dxp_source_from_memory("t.dxp", HALVES_PLAN, strlen(HALVES_PLAN)));
    p->file = split ? dxp_parse_in_halves(&p->diags, f, &p->arena, split) : NULL;
    *used_halves = p->file != NULL;
    if (!p->file) p->file = dxp_parse(&p->diags, f, &p->arena);
    /* the bytes written over while the halves were parsed are back */
    assert_memory_equal(dxp_diags_source(&p->diags, f)->text, HALVES_PLAN, sizeof HALVES_PLAN);
    return p;
}

static void same_props(const dxp_prop *a, const dxp_prop *b)
{
    for (; a && b; a = a->next, b = b->next) {
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->loc.start, b->loc.start);
        assert_int_equal(a->loc.end, b->loc.end);
    }
    assert_true(a == NULL && b == NULL);
}

static void same_table(const dxp_table *a, const dxp_table *b)
{
    assert_int_equal(a->count, b->count);
    for (uint32_t i = 0; i < a->count; i++) {
        assert_int_equal(a->items[i].year.fy, b->items[i].year.fy);
        assert_int_equal(a->items[i].loc.start, b->items[i].loc.start);
        assert_int_equal(dxp_value_loc(a->items[i].value).start, dxp_value_loc(b->items[i].value).start);
    }
}

/* What two series' blocks say, and where. */
static void same_series(const dxp_series *a, const dxp_series *b)
{
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->measure_loc.start, b->measure_loc.start);
    assert_int_equal(a->has_unit_ref, b->has_unit_ref);
    assert_int_equal(a->unit_loc.start, b->unit_loc.start);
    assert_int_equal(a->baseline != NULL, b->baseline != NULL);
    if (a->baseline) assert_int_equal(a->baseline->loc.start, b->baseline->loc.start);
    same_table(&a->targets, &b->targets);
    same_table(&a->actuals, &b->actuals);
    assert_int_equal(dxp_series_formula(a) != NULL, dxp_series_formula(b) != NULL);
    assert_int_equal(a->nparts, b->nparts);
    for (uint32_t i = 0; i < a->nparts; i++) {
        assert_int_equal(dxp_series_parts(a)[i]->decl->loc.start, dxp_series_parts(b)[i]->decl->loc.start);
        same_series(dxp_series_parts(a)[i], dxp_series_parts(b)[i]);
    }
}

static void same_entries(const dxp_year_entry *a, const dxp_year_entry *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(a[i].loc.start, b[i].loc.start);
        assert_int_equal(a[i].year.fy, b[i].year.fy);
        assert_int_equal(dxp_value_loc(a[i].value).start, dxp_value_loc(b[i].value).start);
    }
}

static void same_actuals(const dxp_actuals_block *a, const dxp_actuals_block *b)
{
    assert_int_equal(a->nvalues, b->nvalues);
    assert_int_equal(a->nnotes, b->nnotes);
    assert_int_equal(a->nbudgets, b->nbudgets);
    same_entries(a->values, b->values, a->nvalues);
    same_entries(a->budgets, b->budgets, a->nbudgets);
    for (uint32_t i = 0; i < a->nnotes; i++) {
        assert_int_equal(a->notes[i].loc.start, b->notes[i].loc.start);
        assert_int_equal(a->notes[i].key_start, b->notes[i].key_start);
    }
}

/* The same declarations, properties, items and comments, at the same places. */
static void same_tree(const dxp_file *a, const dxp_file *b)
{
    const dxp_decl *x = a->decls, *y = b->decls;
    for (; x && y; x = x->next, y = y->next) {
        assert_int_equal(x->kind, y->kind);
        assert_true(dxp_str_same(dxp_decl_id(x), dxp_decl_id(y)));
        assert_int_equal(x->loc.start, y->loc.start);
        assert_int_equal(x->loc.end, y->loc.end);
        /* a block of properties, of items (revise, rules), actuals or a unit's
         * conversion: they share a member */
        if (x->kind == DXP_DECL_UNIT) {
            assert_int_equal(x->has_conversion, y->has_conversion);
            if (x->has_conversion) assert_true(x->conversion->factor.value == y->conversion->factor.value);
            continue;
        }
        if (x->kind == DXP_DECL_IMPORT) continue;   /* its name (the path) is compared above */
        bool has_items = x->kind == DXP_DECL_REVISE || x->kind == DXP_DECL_RULES;
        if (x->kind == DXP_DECL_KPI || x->kind == DXP_DECL_DATA) {
            same_series(x->series, y->series);
            continue;
        }
        if (x->kind == DXP_DECL_ACTUALS) {
            same_actuals(x->actuals, y->actuals);
            continue;
        }
        if (!has_items) {
            same_props(x->props, y->props);
            continue;
        }
        const dxp_item *i = x->kind == DXP_DECL_RULES ? x->rules->items : x->items;
        const dxp_item *j = y->kind == DXP_DECL_RULES ? y->rules->items : y->items;
        for (; i && j; i = i->next, j = j->next) {
            assert_int_equal(i->kind, j->kind);
            assert_int_equal(i->loc.start, j->loc.start);
        }
        assert_true(i == NULL && j == NULL);
    }
    assert_true(x == NULL && y == NULL);
    assert_int_equal(a->nseries, b->nseries);
    assert_int_equal(a->nimports, b->nimports);
    const dxp_comment *c = a->comments, *d = b->comments;
    for (; c && d; c = c->next, d = d->next) assert_int_equal(c->loc.start, d->loc.start);
    assert_true(c == NULL && d == NULL);
}

/* Every line that starts a declaration splits the file into halves that give
 * the tree of the whole; every other byte is refused. */
static void test_halves_same_tree(void **state)
{
    (void)state;
    bool halves;
    parsed *whole = parse_halves(0, &halves);
    assert_int_equal(whole->diags.count, 0);
    assert_int_equal(whole->file->nseries, 4);    /* k1, d1, k2 and its part */
    assert_int_equal(whole->file->nimports, 2);   /* one at the top, one among the declarations */
    int used = 0;
    for (uint32_t split = 1; split < sizeof HALVES_PLAN - 1; split++) {
        parsed *p = parse_halves(split, &halves);
        assert_int_equal(p->diags.count, 0);
        same_tree(whole->file, p->file);
        if (halves) {
            used++;
            assert_int_equal(HALVES_PLAN[split - 1], '\n');
        }
        free_parsed(p);
    }
    assert_int_equal(used, 11);   /* the eleven lines from `plan` to `unit` */
    free_parsed(whole);
}

/* The walk over a file's imports returns both, in order, and nothing else. */
static void test_next_import(void **state)
{
    (void)state;
    bool halves;
    parsed *p = parse_halves(0, &halves);
    uint32_t seen = 0;
    dxp_decl *first = dxp_file_next_import(p->file, NULL, &seen);
    assert_non_null(first);
    assert_true(dxp_str_eq(dxp_decl_id(first), "std"));
    dxp_decl *second = dxp_file_next_import(p->file, first, &seen);
    assert_non_null(second);
    assert_true(dxp_str_eq(dxp_decl_id(second), "実績.dxp"));
    assert_int_equal(seen, 2);
    assert_null(dxp_file_next_import(p->file, second, &seen));
    free_parsed(p);
    /* a file without imports gives none */
    parsed *none = parse_text("goal g1 「目標」\n");
    seen = 0;
    assert_null(dxp_file_next_import(none->file, NULL, &seen));
    free_parsed(none);
}

/* A split inside a block, or a syntax error in a half, is refused without a
 * word: the file is then parsed in one piece, with its diagnostics. */
static void test_halves_refused(void **state)
{
    (void)state;
    const char *text = "kpi a 「指標」 {\nmeasure m1\n  unit 件\n}\nkpi b 「指標」 { unit 件 baseline }\n";
    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_arena arena;
    dxp_arena_init(&arena);
    int32_t f = dxp_diags_add_source(&diags, dxp_source_from_memory("t.dxp", text, strlen(text)));
    uint32_t inside = (uint32_t)(strstr(text, "measure") - text), second = (uint32_t)(strstr(text, "kpi b") - text);
    assert_null(dxp_parse_in_halves(&diags, f, &arena, inside));     /* inside kpi a's block */
    assert_null(dxp_parse_in_halves(&diags, f, &arena, second));     /* kpi b has a syntax error */
    assert_null(dxp_parse_in_halves(&diags, f, &arena, second + 1)); /* not at a line start */
    assert_int_equal(diags.count, 0);
    assert_string_equal(dxp_diags_source(&diags, f)->text, text);
    dxp_arena_free(&arena);
    dxp_diags_free(&diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_halves_same_tree),
        cmocka_unit_test(test_next_import),
        cmocka_unit_test(test_halves_refused),
        cmocka_unit_test(test_split_point_follows_the_work),
        cmocka_unit_test(test_kpi_tree),
        cmocka_unit_test(test_table_ranges_set_aside),
        cmocka_unit_test(test_actuals_item_count),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_unit_terms),
        cmocka_unit_test(test_percent_in_the_value),
        cmocka_unit_test(test_value_extra_follows_value),
        cmocka_unit_test(test_long_value),
        cmocka_unit_test(test_item_keys_and_notes),
        cmocka_unit_test(test_expression_precedence),
        cmocka_unit_test(test_recovery_reports_every_error),
        cmocka_unit_test(test_titles_and_parts),
        cmocka_unit_test(test_comments_are_kept),
        cmocka_unit_test(test_empty_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
