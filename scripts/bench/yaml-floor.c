/* The parse floor of `make bench` (docs/performance.md): libyaml reading
 * each file given on the command line event by event, building nothing.
 * This is the least any YAML-reading `check` can do with the same files.
 * Prints the number of events so the work cannot be optimised away.
 * Exit 1 when a file cannot be read or does not parse. */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv) {
    unsigned long events = 0;
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (!file) { perror(argv[i]); return 1; }
        yaml_parser_t parser;
        yaml_event_t event;
        if (!yaml_parser_initialize(&parser)) { fclose(file); return 1; }
        yaml_parser_set_input_file(&parser, file);
        int done = 0;
        while (!done) {
            if (!yaml_parser_parse(&parser, &event)) {
                fprintf(stderr, "%s: %s\n", argv[i], parser.problem ? parser.problem : "parse error");
                yaml_parser_delete(&parser);
                fclose(file);
                return 1;
            }
            done = event.type == YAML_STREAM_END_EVENT;
            events++;
            yaml_event_delete(&event);
        }
        yaml_parser_delete(&parser);
        fclose(file);
    }
    printf("%lu events\n", events);
    return 0;
}
