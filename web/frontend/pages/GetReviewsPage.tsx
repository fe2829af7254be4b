/**
 * Get reviews: invite customers by hand. This is also how customers whose invitations
 * were cancelled are invited after all (R2): always a new invitation, never a revived one.
 */
import { CsvUpload } from "./get-reviews/CsvUpload.tsx";
import { SearchImport } from "./get-reviews/SearchImport.tsx";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  Page,
  ResourceItem,
  ResourceList,
  SkeletonBodyText,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { ApiError } from "../api/client.ts";
import { EmptyListText } from "../components/EmptyListText.tsx";
import { ErrorText } from "../components/ErrorText.tsx";
import type { Invitation, RecentOrder } from "../api/types.ts";
import { useApi, useQuery } from "../hooks/api.tsx";
import { useShop } from "../hooks/shop.tsx";
import { useToast } from "../hooks/toast.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { statusLabelKey } from "../../shared/domain.ts";
import { formatShopDate, fromShopDateTime, toShopDateTime } from "../../shared/dates.ts";
import { errorMessage } from "../lib/refusals.ts";

type When = "now" | "later";

function useWhen(timeZone: string) {
  const tomorrow = toShopDateTime(new Date(Date.now() + 24 * 3600_000), timeZone);
  const [when, setWhen] = useState<When>("now");
  const [date, setDate] = useState(tomorrow.date);
  const [time, setTime] = useState("10:00");
  return {
    when,
    setWhen,
    date,
    setDate,
    time,
    setTime,
    /** undefined = send now; null = the typed date is not a date. */
    sendAt(): string | undefined | null {
      if (when === "now") return undefined;
      return fromShopDateTime(date, time, timeZone)?.toISOString() ?? null;
    },
  };
}

function WhenFields({ state, idPrefix }: { state: ReturnType<typeof useWhen>; idPrefix: string }) {
  const { t } = useI18n();
  return (
    <BlockStack gap="200">
      <ChoiceList
        title={t("getReviews.when")}
        name={`${idPrefix}-when`}
        choices={[
          { label: t("getReviews.now"), value: "now" },
          { label: t("getReviews.later"), value: "later" },
        ]}
        selected={[state.when]}
        onChange={([v]) => state.setWhen((v as When) ?? "now")}
      />
      {state.when === "later" && (
        <InlineStack gap="300" wrap>
          <TextField label={t("delivery.date")} type="date" value={state.date} onChange={state.setDate} autoComplete="off" />
          <TextField label={t("delivery.time")} type="time" value={state.time} onChange={state.setTime} autoComplete="off" />
        </InlineStack>
      )}
    </BlockStack>
  );
}

export function GetReviewsPage() {
  const { t, locale } = useI18n();
  const api = useApi();
  const toast = useToast();
  const { timeZone } = useShop();
  const orders = useQuery(["/api/orders/recent"], (a) => a.get<{ orders: RecentOrder[] }>("/api/orders/recent"));
  const [selected, setSelected] = useState<string[]>([]);
  const ordersWhen = useWhen(timeZone);
  const manualWhen = useWhen(timeZone);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [orderName, setOrderName] = useState("");
  const [busy, setBusy] = useState<"orders" | "manual" | null>(null);
  const [errors, setErrors] = useState<{ orders?: string; manual?: string; email?: string }>({});
  const [created, setCreated] = useState<number | null>(null);

  async function create(kind: "orders" | "manual", body: Record<string, unknown>, sendAt: string | undefined | null) {
    if (sendAt === null) {
      setErrors({ [kind]: t("delivery.invalid") });
      return;
    }
    setBusy(kind);
    setErrors({});
    try {
      const result = await api.post<{ invitations: Invitation[] }>("/api/invitations", sendAt ? { ...body, sendAt } : body);
      const count = result.invitations?.length ?? 1;
      setCreated(count);
      toast(t("getReviews.created", { count }));
      if (kind === "orders") setSelected([]);
      else {
        setEmail("");
        setName("");
        setOrderName("");
      }
    } catch (caught) {
      const message = errorMessage(caught, t, timeZone, locale);
      const field = caught instanceof ApiError ? caught.details.field : undefined;
      setErrors(kind === "manual" && field === "email" ? { email: message } : { [kind]: message });
    } finally {
      setBusy(null);
    }
  }

  const orderList = orders.data?.orders ?? [];

  return (
    <Page title={t("getReviews.title")} backAction={{ content: t("nav.invitations"), url: "/" }}>
      <BlockStack gap="400">
        <Text as="p">{t("getReviews.intro")}</Text>
        {created !== null && (
          <Banner tone="success" title={t("getReviews.created", { count: created })} onDismiss={() => setCreated(null)}>
            <p>
              <Link url="/history">{t("home.seeHistory")}</Link>
            </p>
          </Banner>
        )}
        <Layout>
          <Layout.Section>
            <Card padding="0">
              <Box padding="400">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    {t("getReviews.ordersTitle")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("getReviews.ordersText")}
                  </Text>
                </BlockStack>
              </Box>
              {orders.error ? (
                <Box padding="400">
                  <Banner tone="warning" title={t("getReviews.ordersFailed")}>
                    <p>{orders.error.message}</p>
                  </Banner>
                </Box>
              ) : !orders.data ? (
                <Box padding="400">
                  <SkeletonBodyText lines={5} />
                </Box>
              ) : (
                <ResourceList
                  resourceName={{ singular: t("getReviews.order.singular"), plural: t("getReviews.order.plural") }}
                  items={orderList}
                  selectedItems={selected}
                  onSelectionChange={(items) => setSelected(items === "All" ? orderList.filter((o) => o.email).map((o) => o.orderId) : items)}
                  selectable
                  emptyState={<EmptyListText>{t("getReviews.noOrders")}</EmptyListText>}
                  renderItem={(order) => (
                    <ResourceItem
                      id={order.orderId}
                      onClick={() => setSelected((s) => (s.includes(order.orderId) ? s.filter((x) => x !== order.orderId) : [...s, order.orderId]))}
                      accessibilityLabel={t("getReviews.selectOrder", { name: order.name })}
                      disabled={!order.email}
                    >
                      <InlineStack align="space-between" gap="300">
                        <BlockStack gap="050">
                          <Text as="span" fontWeight="semibold">
                            {order.name} {order.customerName ? `· ${order.customerName}` : ""}
                          </Text>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {order.email ?? t("getReviews.noEmail")}
                            {order.cancelledAt ? ` · ${t("history.orderCancelled")}` : ""}
                            {order.invitations?.length ? ` · ${t("getReviews.alreadyInvited", { status: t(statusLabelKey(order.invitations[0]!.status)) })}` : ""}
                          </Text>
                        </BlockStack>
                        <Text as="span" variant="bodySm" tone="subdued">
                          {formatShopDate(order.createdAt, timeZone, locale)}
                        </Text>
                      </InlineStack>
                    </ResourceItem>
                  )}
                />
              )}
              <Box padding="400" borderBlockStartWidth="025" borderColor="border">
                <BlockStack gap="300">
                  <WhenFields state={ordersWhen} idPrefix="orders" />
                  {errors.orders && <ErrorText>{errors.orders}</ErrorText>}
                  <InlineStack>
                    <Button
                      variant="primary"
                      disabled={selected.length === 0}
                      loading={busy === "orders"}
                      onClick={() => create("orders", { orderIds: selected }, ordersWhen.sendAt())}
                    >
                      {t("getReviews.inviteSelected", { count: selected.length })}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Box>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              {/* noValidate: the API's message says what to fix, in the page's words, not the browser's. */}
              <form
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  void create(
                    "manual",
                    // No locale: the customer's language is never the merchant's admin language (issue 17).
                    { email: email.trim(), name: name.trim() || undefined, orderName: orderName.trim() || undefined },
                    manualWhen.sendAt(),
                  );
                }}
              >
                <BlockStack gap="400">
                  <Text as="h2" variant="headingMd">
                    {t("getReviews.manualTitle")}
                  </Text>
                  <FormLayout>
                    <TextField
                      label={t("getReviews.email")}
                      type="email"
                      value={email}
                      onChange={setEmail}
                      autoComplete="off"
                      requiredIndicator
                      error={errors.email}
                    />
                    <TextField label={t("getReviews.name")} value={name} onChange={setName} autoComplete="off" />
                    <TextField
                      label={t("getReviews.orderRef")}
                      value={orderName}
                      onChange={setOrderName}
                      autoComplete="off"
                      helpText={t("getReviews.orderRefHelp")}
                    />
                  </FormLayout>
                  <WhenFields state={manualWhen} idPrefix="manual" />
                  {errors.manual && <ErrorText>{errors.manual}</ErrorText>}
                  <InlineStack>
                    <Button variant="primary" submit disabled={!email.trim()} loading={busy === "manual"}>
                      {t("getReviews.invite")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </form>
            </Card>
          </Layout.Section>
        </Layout>
        <SearchImport />
        <CsvUpload />
      </BlockStack>
    </Page>
  );
}
