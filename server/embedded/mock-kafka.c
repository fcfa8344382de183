/*
 * Embedded Kafka-protocol broker for SagaScope: librdkafka's mock cluster.
 *
 * Usage: mock-kafka [-b brokers] [-p default_partitions] [topic[:partitions] ...]
 * Prints "BOOTSTRAP <host:port,...>" once the cluster listens, then reads commands on stdin:
 *   create <topic> <partitions>   -> "OK create <topic>"
 *   down <broker_id> / up <broker_id> (fault injection)
 * Exits when stdin closes or on SIGINT/SIGTERM. Keeps nothing on disk.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop = 0;
static void on_signal(int sig) { (void)sig; stop = 1; }

static void create_topic(rd_kafka_mock_cluster_t *mc, const char *name, int partitions) {
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, name, partitions, 1);
  if (err) printf("ERR create %s %s\n", name, rd_kafka_err2str(err));
  else printf("OK create %s\n", name);
  fflush(stdout);
}

int main(int argc, char **argv) {
  int brokers = 1, default_partitions = 4, i = 1;
  char errstr[512];
  for (; i < argc && argv[i][0] == '-'; i += 2) {
    if (i + 1 >= argc) { fprintf(stderr, "missing value for %s\n", argv[i]); return 2; }
    if (!strcmp(argv[i], "-b")) brokers = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "-p")) default_partitions = atoi(argv[i + 1]);
    else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }

  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) { fprintf(stderr, "rd_kafka_new: %s\n", errstr); return 1; }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (!mc) { fprintf(stderr, "mock cluster failed to start\n"); return 1; }

  for (; i < argc; i++) {
    char name[256]; int parts = default_partitions;
    const char *colon = strchr(argv[i], ':');
    size_t len = colon ? (size_t)(colon - argv[i]) : strlen(argv[i]);
    if (len >= sizeof name) len = sizeof name - 1;
    memcpy(name, argv[i], len); name[len] = 0;
    if (colon) parts = atoi(colon + 1);
    create_topic(mc, name, parts);
  }

  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);

  char line[512];
  while (!stop && fgets(line, sizeof line, stdin)) {
    char cmd[32], arg[256]; int n = default_partitions;
    int got = sscanf(line, "%31s %255s %d", cmd, arg, &n);
    if (got >= 2 && !strcmp(cmd, "create")) create_topic(mc, arg, n);
    else if (got >= 2 && !strcmp(cmd, "down")) {
      rd_kafka_mock_broker_set_down(mc, atoi(arg)); printf("OK down %s\n", arg); fflush(stdout);
    } else if (got >= 2 && !strcmp(cmd, "up")) {
      rd_kafka_mock_broker_set_up(mc, atoi(arg)); printf("OK up %s\n", arg); fflush(stdout);
    } else { printf("ERR unknown command\n"); fflush(stdout); }
  }

  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
