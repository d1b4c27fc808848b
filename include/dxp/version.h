/* version.h — the version dxp reports. */
#ifndef DXP_VERSION_H
#define DXP_VERSION_H
#define DXP_VERSION "0.1.0"
#endif
