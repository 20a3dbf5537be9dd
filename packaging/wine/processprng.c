/*
 * processprng.c — a stand-in bcryptprimitives.dll for the Wine prefix that
 * packaging/check-windows-wine.sh tests the Windows bundle in (test only:
 * never shipped, real Windows has this DLL).
 *
 * Go 1.22 and later get random bytes from ProcessPrng in bcryptprimitives.dll
 * and refuse to start without it; Wine 8 has no such export. RtlGenRandom
 * (advapi32's SystemFunction036) returns the same kind of bytes.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
