/* Unit tests for output.c: a file is replaced whole or not at all, keeps its
 * mode, is reached through a symbolic link, and a device or a FIFO is written
 * in place; a fatal signal leaves no temporary file (an ignored one changes
 * nothing); a large output written behind (handed to the disk as it fills)
 * arrives byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dxp/output.h"

typedef struct work {
    char dir[64];
    char path[128];
} work;

static int setup(void **state)
{
    work *w = calloc(1, sizeof *w);
    strcpy(w->dir, "/tmp/dxp-output-XXXXXX");
    if (!mkdtemp(w->dir)) return -1;
    snprintf(w->path, sizeof w->path, "%s/report.json", w->dir);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    work *w = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
    int rc = system(cmd);
    free(w);
    return rc == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The file's whole contents (malloc'd), and its size in *size. */
static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    if (size) *size = (size_t)n;
    return text;
}

/* How many entries the directory has (a temporary file left behind shows here). */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

static void test_commit_replaces_and_keeps_mode(void **state)
{
    work *w = *state;
    write_file(w->path, "old report\n");
    chmod(w->path, 0640);
    dxp_output o;
    assert_true(dxp_output_open(&o, w->path));
    fputs("new report\n", o.file);
    char *before = read_file(w->path, NULL);
    assert_string_equal(before, "old report\n");   /* untouched until the commit */
    free(before);
    assert_true(dxp_output_commit(&o));
    char *after = read_file(w->path, NULL);
    assert_string_equal(after, "new report\n");
    free(after);
    struct stat st;
    assert_int_equal(stat(w->path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(entries(w->dir), 1);
}

static void test_abort_leaves_the_old_file(void **state)
{
    work *w = *state;
    write_file(w->path, "good report\n");
    dxp_output o;
    assert_true(dxp_output_open(&o, w->path));
    dxp_output_write_behind(&o);
    fputs("half a rep", o.file);
    dxp_output_abort(&o);
    char *text = read_file(w->path, NULL);
    assert_string_equal(text, "good report\n");
    free(text);
    assert_int_equal(entries(w->dir), 1);
}

/* A child opens an output over the target, writes half of it and gets sig. */
static int interrupted_child(const char *path, int sig, bool ignore)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (ignore) signal(sig, SIG_IGN);
        dxp_output o;
        if (!dxp_output_open(&o, path)) _exit(3);
        fputs("half a rep", o.file);
        fflush(o.file);
        raise(sig);
        fputs("ort\n", o.file);
        _exit(dxp_output_commit(&o) ? 0 : 4);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void test_signal_removes_the_temporary_file(void **state)
{
    work *w = *state;
    write_file(w->path, "good report\n");
    int signals[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
        int status = interrupted_child(w->path, signals[i], false);
        assert_true(WIFSIGNALED(status));                 /* it still dies of the signal */
        assert_int_equal(WTERMSIG(status), signals[i]);
        char *text = read_file(w->path, NULL);
        assert_string_equal(text, "good report\n");
        free(text);
        assert_int_equal(entries(w->dir), 1);             /* no temporary file left */
    }
}

static void test_ignored_signal_stays_ignored(void **state)
{
    work *w = *state;
    write_file(w->path, "good report\n");
    int status = interrupted_child(w->path, SIGHUP, true);   /* as under nohup */
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char *text = read_file(w->path, NULL);
    assert_string_equal(text, "half a report\n");
    free(text);
    assert_int_equal(entries(w->dir), 1);
}

static void test_symbolic_link_is_followed(void **state)
{
    work *w = *state;
    char link[160];
    snprintf(link, sizeof link, "%s/link.json", w->dir);
    write_file(w->path, "old\n");
    assert_int_equal(symlink("report.json", link), 0);
    dxp_output o;
    assert_true(dxp_output_open(&o, link));
    fputs("new\n", o.file);
    assert_true(dxp_output_commit(&o));
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *text = read_file(w->path, NULL);
    assert_string_equal(text, "new\n");
    free(text);
}

static void test_device_is_written_in_place(void **state)
{
    work *w = *state;
    char fifo[160];
    snprintf(fifo, sizeof fifo, "%s/pipe", w->dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    int reader = open(fifo, O_RDONLY | O_NONBLOCK);   /* so that opening it to write does not block */
    assert_true(reader >= 0);
    dxp_output o;
    assert_true(dxp_output_open(&o, fifo));
    dxp_output_write_behind(&o);                      /* nothing to hand to a disk: ignored */
    fputs("through the pipe\n", o.file);
    assert_true(dxp_output_commit(&o));
    char buf[64] = "";
    assert_int_equal(read(reader, buf, sizeof buf - 1), (ssize_t)strlen("through the pipe\n"));
    assert_string_equal(buf, "through the pipe\n");
    close(reader);
    struct stat st;
    assert_int_equal(stat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(entries(w->dir), 1);
    /* (Not tried on /dev/null itself: were this broken, a test run as root
     * would replace the machine's /dev/null with a file.) */
}

static void test_written_behind_arrives_whole(void **state)
{
    work *w = *state;
    enum { SIZE = 40 << 20 };   /* several of the chunks handed to the disk */
    dxp_output o;
    assert_true(dxp_output_open(&o, w->path));
    dxp_output_write_behind(&o);
    char line[64];
    size_t written = 0;
    for (unsigned i = 0; written < SIZE; i++) {
        int n = snprintf(line, sizeof line, "{\"kpi\": %u, \"status\": \"met\"},\n", i);
        assert_int_equal(fwrite(line, 1, (size_t)n, o.file), (size_t)n);
        written += (size_t)n;
        if (i % 100000 == 0) usleep(30 * 1000);   /* let the write-behind thread see it fill */
    }
    assert_true(dxp_output_commit(&o));
    size_t size;
    char *text = read_file(w->path, &size);
    assert_int_equal(size, written);
    size_t at = 0;
    for (unsigned i = 0; at < size; i++) {
        int n = snprintf(line, sizeof line, "{\"kpi\": %u, \"status\": \"met\"},\n", i);
        assert_memory_equal(text + at, line, (size_t)n);
        at += (size_t)n;
    }
    free(text);
}

int main(void)
{
    /* The signal tests need the dispositions a shell gives a command. Run
     * under nohup, this process would inherit SIGHUP ignored, and dxp rightly
     * leaves an ignored signal ignored (test_ignored_signal_stays_ignored). */
    const int fatal[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++) signal(fatal[i], SIG_DFL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_commit_replaces_and_keeps_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_leaves_the_old_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signal_removes_the_temporary_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ignored_signal_stays_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symbolic_link_is_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_device_is_written_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_written_behind_arrives_whole, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
