/* patch: unified diffs (diff -u, git diff, git format-patch) parsed into
 * file patches, their hunks placed in text like GNU patch, and whole
 * multi-file patches planned beneath a root and committed through EditSets. */
#ifndef GF_EDIT_PATCH_H
#define GF_EDIT_PATCH_H

#include "graft/edit.h"
#include "util/buf.h"
#include "util/vec.h"

/* ---- parsing ---- */

typedef enum gf_patch_kind {
    GF_PATCH_MODIFY, /* change a file's content (and maybe its mode) */
    GF_PATCH_CREATE,
    GF_PATCH_DELETE,
    GF_PATCH_RENAME, /* old_path -> new_path, hunks apply to the old content */
    GF_PATCH_COPY,   /* like a rename that keeps old_path */
    GF_PATCH_MODE,   /* only a mode change (a git "old mode/new mode" without hunks) */
} gf_patch_kind;

/* One line of a hunk: tag ' ', '-' or '+'; text points into the patch's
 * data (without the tag) and ends with its '\n' unless no_eol (a following
 * "\ No newline at end of file"). */
typedef struct gf_pline {
    char tag;
    bool no_eol;
    const char *text;
    size_t len;
} gf_pline;

typedef struct gf_phunk {
    long old_start, old_count, new_start, new_count; /* as written in "@@ -a,b +c,d @@" */
    size_t first, count;                             /* its lines in the file patch's lines */
    const char *section; /* text after the closing "@@" (the function context), may be "" */
    size_t section_len;
    size_t lineno; /* 1-based line of the "@@" header in the patch */
} gf_phunk;

typedef struct gf_filepatch {
    char *old_path, *new_path; /* after stripping; NULL for /dev/null (allocated) */
    gf_patch_kind kind;
    unsigned old_mode, new_mode; /* git modes (0100644, 0100755, ...), 0 when not given */
    int similarity;              /* rename/copy similarity in percent, -1 when not given */
    bool git;                    /* from a "diff --git" header */
    bool binary;                 /* "GIT binary patch" or "Binary files ... differ" */
    bool old_epoch, new_epoch;   /* a traditional side dated 1970-01-01 (does not exist) */
    bool uncopy;   /* a reversed copy: old_path, patched, must equal new_path; then it goes */
    size_t lineno; /* 1-based first header line in the patch */
    GF_VEC(gf_pline) lines;
    GF_VEC(gf_phunk) hunks;
} gf_filepatch;

typedef struct gf_patch {
    char *data; /* the patch text (owned copy, ends with '\n'); lines point into it */
    size_t len;
    GF_VEC(gf_filepatch) files;
} gf_patch;

#define GF_PATCH_INIT                                                                              \
    {                                                                                              \
        NULL, 0, GF_VEC_INIT                                                                       \
    }

/*
 * Parses data (copied) into p: every file patch of a unified diff, git diff
 * or git format-patch mail, in order. Text outside file patches (mail
 * headers, commit messages, diffstats, the "-- " signature) is skipped.
 * strip removes that many leading path components ("-p"); the names of git
 * "rename/copy from/to" lines lose strip - 1, as in git apply. Errors
 * (GF_EINVAL, with the patch line in err->line): a hunk that ends early or
 * holds a line that is neither context, removal nor addition, a malformed
 * "@@" header, a path with too few components to strip, context diffs and
 * combined (merge) diffs. No file patch at all is GF_EINVAL too.
 * p is cleared first; release it with gf_patch_release even on error.
 */
int gf_patch_parse(gf_patch *p, const char *data, size_t len, int strip, gf_error *err);
void gf_patch_release(gf_patch *p);
/* Turns p into its reverse: old and new sides, kinds and modes swapped;
 * when a path appears in several file patches (a series), their order too.
 * Reversing twice restores p. */
void gf_patch_reverse(gf_patch *p);

/* ---- applying one file patch's hunks to text ---- */

typedef struct gf_hunk_result {
    bool applied;
    long where;    /* 1-based line of the original where the hunk's lines start */
    long newwhere; /* that line in the result (GNU patch's report) */
    long offset;   /* lines between where it was applied and where it says it goes */
    int fuzz;      /* context lines ignored at each end */
    size_t added, removed;
    /* When not applied: the first line of the hunk that did not match at
     * its expected place. bad_line is 1-based in the original (past its end
     * when the file is too short); expect/found point into the patch and
     * the original (found NULL past the end), lengths with the line end. */
    long bad_line;
    const char *expect, *found;
    size_t expect_len, found_len;
} gf_hunk_result;

/*
 * Applies fp's hunks, in order, to data[0..len): each is tried at its stated
 * line (shifted by the offset of the hunk before it), then at the nearest
 * offset in either direction; with max_fuzz > 0, up to that many leading and
 * trailing context lines may be ignored (GNU patch's rule, anchoring hunks
 * that stop short of context at the start or end of the file). When every
 * line of the original that ends with '\n' ends with "\r\n" and no line of
 * fp does, the patch's LF lines match CRLF lines and added LF lines get
 * "\r\n". Context lines are kept as they are in the original. Hunks that
 * cannot be placed are skipped.
 * Appends the result to out; res has one entry per hunk. Returns how many
 * hunks failed.
 */
size_t gf_patch_apply_text(const gf_filepatch *fp, const char *data, size_t len, int max_fuzz,
                           gf_buf *out, gf_hunk_result *res);

/* Appends hunk h of fp to out in unified format (for .rej files). */
void gf_patch_format_hunk(const gf_filepatch *fp, size_t h, gf_buf *out);

/* ---- planning a multi-file patch beneath a root, and committing it ---- */

typedef struct gf_patch_opts {
    const char *root;      /* absolute, resolved: every path must stay beneath it */
    const char *directory; /* patch paths are relative to it; NULL: the current directory */
    int fuzz;
    bool reject; /* failed hunks are set aside (FILE.rej) instead of failing everything */
    bool hashes; /* fill the results' sha_before and sha_after (else left empty) */
} gf_patch_opts;

typedef struct gf_patch_node gf_patch_node; /* a file touched: its disk and planned state */

typedef struct gf_patch_result {
    const gf_filepatch *fp; /* borrowed from the patch */
    gf_patch_kind action;
    char *name, *old_name; /* paths as the patch names them (old_name: renames and copies) */
    char *path, *old_path; /* the same, relative to the root */
    bool changed;
    size_t applied; /* hunks applied */
    gf_hunk_result *hunks;
    size_t added, removed;
    bool has_before, has_after; /* content existed before / exists after */
    char sha_before[65], sha_after[65];
    unsigned mode_before, mode_after; /* permission bits; 0 when the file is absent */
    char *error;                      /* why this file cannot be patched (NULL when it can) */
    char note[256];
    gf_buf rej;               /* rejected hunks in unified format (with --reject) */
    char *rej_path, *rej_abs; /* FILE.rej relative to the root and absolute, when rej is set */
    /* a reversed copy: the copy's content with the hunks reversed, checked
     * against the original's final content once every file is planned */
    const char *uncopy_text;
    size_t uncopy_len;
    gf_patch_node *uncopy_of;
} gf_patch_result;

typedef struct gf_patch_plan {
    GF_VEC(gf_patch_result) files;
    size_t failed_hunks;           /* over all files */
    size_t failed_files;           /* files with an error (not counting failed hunks) */
    bool already_applied;          /* the patch failed but its reverse applies cleanly */
    GF_VEC(gf_patch_node *) nodes; /* the files touched: state on disk and planned */
    GF_VEC(char *) retired;        /* earlier planned contents that results still point into */
    gf_patch_opts opts;
} gf_patch_plan;

/*
 * Plans p against the files beneath o->root without writing anything: reads
 * every file the patch touches, applies each file patch in order to the
 * planned state (so one patch may change a file twice, or rename then
 * change it), and records per file what would happen. A file that cannot
 * be patched (missing, already there, content a deletion would not remove)
 * gets result.error; a hunk that does not apply is counted in
 * failed_hunks. When anything failed without o->reject, the reverse patch
 * is tried: if it applies cleanly everywhere, already_applied is set and
 * every result reads changed: false. Fatal errors (returned, nothing
 * planned): a path leaving the root, through a symbolic link or into .git,
 * a binary patch, a binary file, a symbolic link or submodule entry, I/O.
 * Release pl with gf_patch_plan_release even on error.
 */
int gf_patch_plan_build(gf_patch_plan *pl, gf_patch *p, const gf_patch_opts *o, gf_error *err);

/*
 * Writes the plan: new and changed files through EditSets (each atomic,
 * and refused when the file changed since it was read), with their modes;
 * then deletions (each file's content checked again just before the
 * unlink; directories left empty are removed); then .rej files. Files of
 * one phase are committed by a few threads at once, so their fsyncs
 * overlap. *written counts the files changed. An error in one file does
 * not stop the others of its phase (each is written whole or not at all),
 * but no later phase starts; the first error by file order is returned.
 */
int gf_patch_plan_commit(gf_patch_plan *pl, size_t *written, gf_error *err);
void gf_patch_plan_release(gf_patch_plan *pl);

/* One file the plan touches: its content on disk when planned, and what the
 * plan makes of it (after == before when it stays as it is). Pointers
 * borrow from the plan. */
typedef struct gf_patch_state {
    const char *rel, *abs;
    bool existed, exists; /* before / after */
    const char *before, *after;
    size_t before_len, after_len;
    unsigned mode_before, mode_after; /* permission bits; 0 when absent */
} gf_patch_state;

size_t gf_patch_plan_state_count(const gf_patch_plan *pl);
void gf_patch_plan_state(const gf_patch_plan *pl, size_t i, gf_patch_state *out);

#endif
