/* Linux-only: hand the pages of freed malloc memory back, so the RSS a dump added goes away. */
#include "dump.h"

#include <malloc.h>

void memory_give_back(void) {
    malloc_trim(0);
}
