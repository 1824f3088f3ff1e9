// Every command of the command line, in the order `--help` lists them. Adding a command is a
// file in this folder and a line here.

import type { Command } from "../command.ts";
import { doctor } from "./doctor.ts";
import { init } from "./init.ts";
import { logs } from "./logs.ts";
import { report } from "./report.ts";
import { reset } from "./reset.ts";
import { search } from "./search.ts";
import { serve } from "./serve.ts";
import { show } from "./show.ts";
import { start } from "./start.ts";
import { status } from "./status.ts";
import { sync } from "./sync.ts";

export const COMMANDS: readonly Command[] = [
  init,
  status,
  sync,
  start,
  serve,
  search,
  report,
  show,
  logs,
  reset,
  doctor,
];
