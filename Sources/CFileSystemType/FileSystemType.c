// The header holds the one inline function; SwiftPM needs a C source in the target.
#include "CFileSystemType.h"
