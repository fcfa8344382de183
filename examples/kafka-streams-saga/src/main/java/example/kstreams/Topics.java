package example.kstreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** The example's own topics, created by itself (as the team that owns them would). */
final class Topics {
  private Topics() {}

  static Admin admin(Options o) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.brokers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, o.prefix() + "kafka-streams-saga-admin");
    // No cluster at that address: say so in 20 s, not the default minute.
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    return Admin.create(p);
  }

  /** Creates the missing ones; the join needs payment-orders and stock-orders co-partitioned. */
  static void ensure(Admin admin, Options o, List<String> names) throws InterruptedException, ExecutionException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing = new ArrayList<>();
    for (String t : names) if (!existing.contains(t)) missing.add(new NewTopic(t, Optional.of(o.partitions()), Optional.empty()));
    if (!missing.isEmpty()) {
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
    }
    Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
    int payment = d.get(o.topic("payment-orders")).partitions().size();
    int stock = d.get(o.topic("stock-orders")).partitions().size();
    if (payment != stock) throw new IllegalStateException(o.topic("payment-orders") + " has " + payment + " partitions and " + o.topic("stock-orders") + " " + stock + ": the join needs the same number");
  }

  /**
   * How long to wait before publishing so that no reply of an earlier run (same ids) is still
   * within the join window of this run's replies, which would join with them.
   */
  static Duration untilPreviousRunOutOfWindow(Admin admin, Options o) throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    Map<String, TopicDescription> d = admin.describeTopics(List.of(o.topic("payment-orders"), o.topic("stock-orders"))).allTopicNames().get();
    for (TopicDescription t : d.values()) t.partitions().forEach(p -> wanted.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.maxTimestamp()));
    long newest = -1;
    for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(wanted).all().get().values()) newest = Math.max(newest, info.timestamp());
    if (newest < 0) return Duration.ZERO;
    long wait = newest + o.joinWindow().toMillis() + 1000 - System.currentTimeMillis();
    return Duration.ofMillis(Math.max(0, wait));
  }
}
