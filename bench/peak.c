/* peak.c — runs a command, its output thrown away, and prints its peak
 * resident memory in KiB: the benchmark's measure of memory.
 *
 * The peak of a process covers its life before exec too, and a command the
 * Python runner starts is first a copy of the runner: every command measured
 * that way used at least the runner's 15 MB. This helper is small enough that
 * what it adds is below a megabyte. usage: peak COMMAND [ARG...] */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: peak COMMAND [ARG...]\n", stderr);
        return 2;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        perror("peak");
        return 2;
    }
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    printf("%ld\n", ru.ru_maxrss);
    return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? 2 : 0;
}
