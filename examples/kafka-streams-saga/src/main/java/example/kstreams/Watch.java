package example.kstreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;

/**
 * Not part of the saga: the example's own check of what this run produced. Reads the three
 * topics from their ends as they were before this run published anything (no consumer group),
 * and counts, for ids 1..count, the replies and the outcomes, with their timestamps.
 */
final class Watch implements Runnable {
  private final Options o;
  private final KafkaConsumer<Long, Order> consumer;
  private final Map<Long, Long> paymentAt = new HashMap<>();
  private final Map<Long, Long> stockAt = new HashMap<>();
  private final Map<Long, Plan.Outcome> outcomes = new HashMap<>();
  private final Map<Long, Long> outcomeAt = new HashMap<>();
  private int news;
  private int duplicates;
  private int unexpected;

  Watch(Options o) {
    this.o = o;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.brokers());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, o.prefix() + "kafka-streams-saga-watch");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, new LongDeserializer(), new Order.JsonDeserializer());
    List<TopicPartition> all = new ArrayList<>();
    for (String t : List.of(o.topic("orders"), o.topic("payment-orders"), o.topic("stock-orders"))) {
      consumer.partitionsFor(t).forEach(info -> all.add(new TopicPartition(t, info.partition())));
    }
    consumer.assign(all);
    consumer.seekToEnd(all);
    for (TopicPartition tp : all) consumer.position(tp);
  }

  void stop() {
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      while (true) {
        for (ConsumerRecord<Long, Order> r : consumer.poll(Duration.ofMillis(200))) record(r);
      }
    } catch (WakeupException stopping) {
      // stop()
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private synchronized void record(ConsumerRecord<Long, Order> r) {
    Order v = r.value();
    Long id = r.key();
    if (v == null || id == null || id < 1 || id > o.count()) return;
    if (r.topic().equals(o.topic("payment-orders"))) {
      paymentAt.putIfAbsent(id, r.timestamp());
    } else if (r.topic().equals(o.topic("stock-orders"))) {
      stockAt.putIfAbsent(id, r.timestamp());
    } else if (Order.NEW.equals(v.status())) {
      news++;
    } else {
      Plan.Outcome outcome = Plan.Outcome.of(v);
      if (outcome == null) {
        unexpected++;
      } else if (outcomes.putIfAbsent(id, outcome) != null) {
        duplicates++;
      } else {
        outcomeAt.put(id, r.timestamp());
      }
    }
  }

  /** Every reply and every outcome the plan expects has been read. */
  synchronized boolean complete(Map<Plan.Outcome, Integer> expected) {
    int stuck = expected.get(Plan.Outcome.STUCK);
    return news >= o.count() && paymentAt.size() >= o.count() && stockAt.size() >= o.count() - stuck && outcomes.size() >= o.count() - stuck;
  }

  /** Counts by outcome step (and `stuck`: no outcome), and the timestamps of outcome and cause. */
  synchronized Map<String, Object> report() {
    Map<String, Integer> produced = new java.util.LinkedHashMap<>();
    for (Plan.Outcome p : Plan.Outcome.values()) produced.put(p.step, 0);
    int mismatched = 0;
    for (long id = 1; id <= o.count(); id++) {
      Plan.Outcome seen = outcomes.getOrDefault(id, Plan.Outcome.STUCK);
      produced.merge(seen.step, 1, Integer::sum);
      if (seen != Plan.expected(id)) mismatched++;
    }
    // Kafka Streams stamps a join result with the later of its two inputs' timestamps.
    int same = 0;
    int differ = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<Long, Long> e : outcomeAt.entrySet()) {
      Long p = paymentAt.get(e.getKey());
      Long s = stockAt.get(e.getKey());
      if (p == null || s == null) continue;
      if (e.getValue() == Math.max(p, s)) same++;
      else {
        differ++;
        if (examples.size() < 5) examples.add(e.getKey() + ": outcome " + e.getValue() + ", replies " + p + "/" + s);
      }
    }
    Map<String, Object> r = new java.util.LinkedHashMap<>();
    r.put("produced", produced);
    r.put("published", news);
    r.put("replies", Map.of("payment", paymentAt.size(), "stock", stockAt.size()));
    r.put("outcomeAtTriggeringReply", same);
    r.put("outcomeAtOtherTime", differ);
    if (!examples.isEmpty()) r.put("otherTimeExamples", examples);
    r.put("duplicates", duplicates);
    r.put("unexpected", unexpected);
    r.put("mismatched", mismatched);
    return r;
  }
}
