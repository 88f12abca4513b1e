/*
 * faultfs: fails fsync/fdatasync/write/pwrite with a chosen errno at a chosen call, for the journal's fault tests.
 * Build: cc -shared -fPIC -O2 -o faultfs.so faultfs.c -ldl
 * Use:   LD_PRELOAD=./faultfs.so prog          (interposes calls made through the PLT)
 *        dotnet KioskRuntime.Bench.Journal.dll fault-child DIR N ./faultfs.so
 *                                              (the child resolves KioskRuntime.Linux's "libc" imports to this library; every symbol not
 *                                               defined here is found in libc through this library's dependencies)
 * Environment:
 *   FAULTFS_CALL   fsync | fdatasync | write | pwrite      which call fails (required, else nothing fails)
 *   FAULTFS_MATCH  suffix of the file's path (/proc/self/fd/N); empty = any file
 *   FAULTFS_NTH    first failing matching call, 1-based (default 1)
 *   FAULTFS_COUNT  number of failing calls, 0 = every call from NTH on (default 0)
 *   FAULTFS_ERRNO  errno to fail with (default 5, EIO; 28 is ENOSPC)
 * Each injected failure is reported on stderr as "faultfs: <call> fd=<fd> path=<path> -> errno <n>".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long matched;

static int should_fail(const char *call, int fd)
{
    const char *want = getenv("FAULTFS_CALL");
    if (want == NULL || strcmp(want, call) != 0)
        return 0;

    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    path[n < 0 ? 0 : n] = '\0';
    const char *match = getenv("FAULTFS_MATCH");
    size_t plen = strlen(path), mlen = match ? strlen(match) : 0;
    if (mlen > 0 && (plen < mlen || strcmp(path + plen - mlen, match) != 0))
        return 0;

    long nth = getenv("FAULTFS_NTH") ? atol(getenv("FAULTFS_NTH")) : 1;
    long count = getenv("FAULTFS_COUNT") ? atol(getenv("FAULTFS_COUNT")) : 0;
    int err = getenv("FAULTFS_ERRNO") ? atoi(getenv("FAULTFS_ERRNO")) : EIO;

    pthread_mutex_lock(&lock);
    long k = ++matched;
    pthread_mutex_unlock(&lock);
    if (k < nth || (count > 0 && k >= nth + count))
        return 0;

    fprintf(stderr, "faultfs: %s fd=%d path=%s -> errno %d\n", call, fd, path, err);
    errno = err;
    return 1;
}

typedef int (*sync_fn)(int);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);

#define NEXT(name, type) static type real; if (real == NULL) real = (type)dlsym(RTLD_NEXT, name)

int fsync(int fd)
{
    NEXT("fsync", sync_fn);
    return should_fail("fsync", fd) ? -1 : real(fd);
}

int fdatasync(int fd)
{
    NEXT("fdatasync", sync_fn);
    return should_fail("fdatasync", fd) ? -1 : real(fd);
}

ssize_t write(int fd, const void *buf, size_t count)
{
    NEXT("write", write_fn);
    return should_fail("write", fd) ? -1 : real(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
    NEXT("pwrite", pwrite_fn);
    return should_fail("pwrite", fd) ? -1 : real(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset)
{
    NEXT("pwrite64", pwrite_fn);
    return should_fail("pwrite", fd) ? -1 : real(fd, buf, count, offset);
}
