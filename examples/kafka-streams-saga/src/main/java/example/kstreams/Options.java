package example.kstreams;

import java.time.Duration;

/** The command line: --brokers, --count, --rate, --prefix, --partitions, --join-window-ms, --timeout-ms. */
record Options(String brokers, long count, double rate, String prefix, int partitions, Duration joinWindow, Duration timeout) {
  static final String USAGE = """
      usage: java -jar kafka-streams-saga.jar [options]
        --brokers host:port[,host:port]  the cluster (default: $KAFKA_BROKERS, else 127.0.0.1:19092)
        --count N          orders to publish, ids 1..N in every run (default 100)
        --rate R           orders a second, 0: as fast as possible (default 20)
        --prefix P         put before every topic, consumer group and application.id (default none)
        --partitions N     partitions of the topics it creates (default 3)
        --join-window-ms M how far apart a payment and a stock reply may be to join (default 10000)
        --timeout-ms M     give up waiting for the outcomes after this long (default: the
                           publishing time plus 60000)
      Prints one JSON line at the end: what was expected and what was seen of each outcome.
      Exit code 0 if they agree, 1 if not (or the time ran out), 2 for a bad command line.""";

  String topic(String name) {
    return prefix + name;
  }

  static Options parse(String[] args, String envBrokers) {
    String brokers = envBrokers == null || envBrokers.isBlank() ? "127.0.0.1:19092" : envBrokers;
    long count = 100;
    double rate = 20;
    String prefix = "";
    int partitions = 3;
    long windowMs = 10_000;
    Long timeoutMs = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) throw new IllegalArgumentException("");
      String value = flag.contains("=") ? flag.substring(flag.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
      String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
      if (value == null) throw new IllegalArgumentException(name + " needs a value");
      try {
        switch (name) {
          case "--brokers" -> brokers = value;
          case "--count" -> count = Long.parseLong(value);
          case "--rate" -> rate = Double.parseDouble(value);
          case "--prefix" -> prefix = value;
          case "--partitions" -> partitions = Integer.parseInt(value);
          case "--join-window-ms" -> windowMs = Long.parseLong(value);
          case "--timeout-ms" -> timeoutMs = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": not a number: " + value);
      }
    }
    if (count < 0) throw new IllegalArgumentException("--count must be 0 or more");
    if (rate < 0) throw new IllegalArgumentException("--rate must be 0 or more");
    if (partitions < 1) throw new IllegalArgumentException("--partitions must be 1 or more");
    if (windowMs < 1) throw new IllegalArgumentException("--join-window-ms must be 1 or more");
    long publishMs = rate > 0 ? (long) (count / rate * 1000) : 0;
    long timeout = timeoutMs != null ? timeoutMs : publishMs + 60_000;
    return new Options(brokers, count, rate, prefix, partitions, Duration.ofMillis(windowMs), Duration.ofMillis(timeout));
  }
}
