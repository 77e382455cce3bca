// fwlog_exporter: see app/commands.h for the commands and ARCHITECTURE.md for
// how the stages fit together.
#include "app/commands.h"

int main(int argc, char** argv) { return fwlog::Main(argc, argv); }
