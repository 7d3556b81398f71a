/* The two C library routines GCC may emit calls to even in freestanding code (GCC manual,
 * "C Dialect Options", -ffreestanding): memcpy for struct copies, memset for zeroing. Nothing else. */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *destination, const void *source, size_t byteSize);
void *memset(void *destination, int value, size_t byteSize);

/* The optimize attribute stops GCC from turning these loops back into calls to themselves. */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memcpy(void *destination, const void *source, size_t byteSize) {
  uint8_t *to = destination;
  const uint8_t *from = source;
  while (byteSize-- > 0) *to++ = *from++;
  return destination;
}

__attribute__((optimize("no-tree-loop-distribute-patterns")))
void *memset(void *destination, int value, size_t byteSize) {
  uint8_t *to = destination;
  while (byteSize-- > 0) *to++ = (uint8_t)value;
  return destination;
}
