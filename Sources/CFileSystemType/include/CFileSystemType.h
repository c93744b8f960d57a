// statfs(2)'s f_type, which Swift's Glibc module does not expose (it leaves out <sys/vfs.h>).
#ifndef C_FILE_SYSTEM_TYPE_H
#define C_FILE_SYSTEM_TYPE_H

#include <sys/vfs.h>

/// The magic number of the file system holding `path` (TMPFS_MAGIC is 0x01021994), or -1 with errno set.
static inline long file_system_type(const char *path) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long)info.f_type;
}

#endif
