/* graft: public library API (umbrella header). */
#ifndef GRAFT_GRAFT_H
#define GRAFT_GRAFT_H

#include "graft/core.h"
#include "graft/edit.h"
#include "graft/lang.h"
#include "graft/source.h"
#include "graft/symbols.h"
#include "graft/walk.h"

#endif
