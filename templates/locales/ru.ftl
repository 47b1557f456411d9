# Слова оформления на русском (синтаксис Project Fluent: https://projectfluent.org/).
# Формы множественного числа — по категориям CLDR: one (1, 21, 31…), few (2–4, 22–24…),
# many (0, 5–20, 25–30…), other (дробные числа).

language-name = Русский
skip-to-content = Перейти к содержанию
nav-site = Разделы сайта
nav-providers = Все почтовые сервисы
nav-requirements = Общие требования
nav-errors = Поиск по ошибке
language-switcher = Язык
breadcrumb = Навигационная цепочка

fallback-missing = Этот раздел ещё не переведён, поэтому он показан на английском.
fallback-stale = Английский текст этого раздела изменился после перевода, поэтому до обновления перевода раздел показан на английском.

status-ok = Работает
status-preparation = Нужна подготовка
status-broken = Не работает
status-unverified = Ещё не проверено
status-deprecated = Скоро перестанет работать

callout-note = Примечание
callout-tip = Совет
callout-important = Важно
callout-warning = Внимание
callout-caution = Осторожно

provider-title = Настройки SMTP для { $name }
verified-on = проверено { $date }
failing-since = не работает с { $date }
# Слова значка проверки (src/render/pages/verified.rs); названия фаз, ответы сервера и
# итоги подтверждений берутся из отчёта как есть.
failure-temporary = временная ошибка
delivered-inbox = доставлено во «Входящие» { $date } { $delay }
delivered-spam = доставлено в папку «Спам» { $date } { $delay }
delivery-delay = { $count ->
    [0] меньше чем за секунду
    [one] за { $count } секунду
    [few] за { $count } секунды
   *[many] за { $count } секунд
}
confirmed-on = подтверждено { $date }
confirm-changed = больше не совпадает (проверено { $date }): { $summary }
last-confirmed-on = последний раз подтверждено { $date }
verified-days-ago = { $count ->
    [0] проверено сегодня
    [one] проверено { $count } день назад
    [few] проверено { $count } дня назад
   *[many] проверено { $count } дней назад
}
days-left = { $count ->
    [one] через { $count } день
    [few] через { $count } дня
   *[many] через { $count } дней
}
requirement-2sv-on = Двухэтапная аутентификация должна быть включена.
requirement-2sv-off = Двухэтапная аутентификация должна быть выключена.
requirement-app-password = Пароль приложения: обычный пароль от почты для отправки из других программ не подходит.
requirement-oauth2-only = Сервис принимает только вход через OAuth2: никакой пароль не подойдёт, а { $app } умеет передавать только пароль — с этим ящиком ничего не выйдет.
requirement-enable = Включите «{ $setting }» в настройках почтового ящика.
link-security-settings = Настройки безопасности
link-app-passwords = Пароли приложений
link-open-setting = Открыть настройку
link-register = Завести почтовый ящик
link-smtp-help = Официальная страница с настройками SMTP
username-email = Ваш адрес почты целиком
username-local = Часть адреса до знака @
username-template = `{ $template }`, куда подставлен ваш адрес
password-app = Пароль приложения (не обычный пароль от почты)
password-account = Пароль от почтового ящика
password-oauth2 = Токен OAuth2 (в форму его не ввести)
security-none = без шифрования
form-oauth2-only = { $name } принимает для SMTP только вход через OAuth2, а { $app } умеет передавать только пароль, поэтому отправлять почту через { $name } сейчас не получится.
form-no-server = В этом рецепте не указан SMTP-сервер.
limit-messages-per-day = Писем в сутки
limit-recipients-per-day = Получателей в сутки
limit-recipients-per-message = Получателей в одном письме
limit-message-size = Наибольший размер письма
limit-megabytes = { $count } МБ

requirements-title = Общие требования
requirements-description = Что нужно любому почтовому ящику, прежде чем магазин сможет отправлять через него письма, и собственные правила формы в панели управления.
errors-title = Известные ошибки
errors-description = Все известные нам сообщения об ошибках SMTP — по сервисам и кодам, с причинами и решениями; вставьте своё, чтобы найти его.
not-found-title = Страница не найдена
field-host = SMTP-сервер
field-port = порт
field-security = шифрование
field-username = имя пользователя
field-password = пароль
field-email = адрес почты
field-sender = адрес отправителя
search-requirements-summary = Что нужно любому почтовому ящику, и правила самой панели управления.
search-requirements-words = пароль приложения двухэтапная аутентификация двухфакторная шифрование правила формы
search-errors-summary = Все известные ошибки с решениями; вставьте текст сообщения, чтобы найти свою.
search-errors-words = ошибка сообщение об ошибке ответ сервера smtp неполадки все известные ошибки


what-failure-means = Что означает этот сбой
verification-per-server = Проверка по серверам
deadline-banner = { $count ->
    [one] С <time datetime="{ $date }">{ $date }</time>, через { $count } день:
    [few] С <time datetime="{ $date }">{ $date }</time>, через { $count } дня:
   *[many] С <time datetime="{ $date }">{ $date }</time>, через { $count } дней:
}
change-upcoming = { $count ->
    [one] С <time datetime="{ $date }">{ $date }</time> (через { $count } день)
    [few] С <time datetime="{ $date }">{ $date }</time> (через { $count } дня)
   *[many] С <time datetime="{ $date }">{ $date }</time> (через { $count } дней)
}
announcement = объявление
toc = На этой странице
section-requirements = Прежде чем начать
section-steps = Шаги
section-form = Заполненная форма
section-notes = Полезно знать
section-troubleshooting = Неполадки
section-evidence = История проверок
section-limits = Лимиты отправки
section-changelog = Что менялось в { $name }
section-sources = Источники
section-settings = Настройки
reviewed-on = Сверено с источниками <time datetime="{ $date }">{ $date }</time>.
edit-page = Исправить эту страницу
link-to-error = Ссылка на эту ошибку: { $symptom }
trouble-when = Этап: { $phase }.
trouble-reply = Ответ { $code }.
trouble-reply-enhanced = Ответ { $code } { $enhanced }.
trouble-status = Статус { $enhanced }.
trouble-why = Почему так
trouble-fix = Что делать
trouble-another = Другое сообщение? Воспользуйтесь <a href="{ $href }">поиском по ошибке</a>.
step-number = Шаг { $number }.
link-to-step = Ссылка на шаг { $number }: { $title }
open-at = Открыть эту страницу на { $name }
form-intro = Те же значения в том виде, в каком их показывает { $app } (<strong>{ $location }</strong>),
limits-caption = Лимиты отправки { $name }
requirements-also = Посмотрите и <a href="{ $href }">общие требования</a> — они касаются любого почтового сервиса.
settings-server = SMTP-сервер
settings-port = Порт
settings-encryption = Шифрование
settings-username = Имя пользователя
settings-password = Пароль
copy = Копировать
all-servers = Все серверы
all-servers-caption = Все SMTP-серверы { $name }
column-server = Сервер
column-auth = Способы входа
recommended = рекомендуем
no-server = Для { $name } SMTP-сервер не описан.
sources-reviewed = Последний раз сверено с этими страницами <time datetime="{ $date }">{ $date }</time>.

index-intro = Найдите свой почтовый сервис в списке ниже или сначала прочитайте <a href="{ $requirements }">общие требования</a>. Видите сообщение об ошибке? Поищите его среди <a href="{ $errors }">известных ошибок</a>.
address-label = Введите адрес почты вашего магазина
address-placeholder = например, shop@mail.ru
address-submit = Показать мои значения
search-label = Поиск по сервисам, доменам, серверам и кодам ошибок
search-placeholder = например, яндекс, 465, пароль приложения, 5.7.8
providers-heading = Почтовые сервисы
domains-label = Домены:
domains-more = и ещё { $count }
requirements-lead = Эти требования касаются любого почтового сервиса. На странице каждого сервиса добавлено то, что нужно именно ему.
rules-title = Что принимает { $app }
rules-intro = У формы в разделе <strong>{ $location }</strong> есть свои правила — независимо от того, что разрешает почтовый сервис. Правила с пометкой <em>известно с чужих слов</em> взяты из старого руководства или со страниц почтовых сервисов, и на нынешней форме их никто не проверял:
reported-not-confirmed = Известно с чужих слов, не подтверждено
evidence-line = Источник: { $evidence }
not-confirmed-on = Никто не подтвердил, что { $app } ведёт себя так сегодня.
errors-lead = Все известные нам сообщения об ошибках — по сервисам и кодам, с причинами и решениями. Найдите то, которое показала { $app } или почтовый сервис, например <code>535-5.7.8 Username and Password not accepted</code>.
errors-noscript = Для поиска нужен JavaScript. Без него откройте свой сервис в <a href="{ $href }">списке почтовых сервисов</a>: на каждой странице есть раздел «Неполадки».
errors-label = Вставьте сообщение об ошибке целиком
errors-submit = Найти
not-found-text = Такой страницы нет (или уже нет). Начните со <a href="{ $providers }">списка почтовых сервисов</a> или воспользуйтесь <a href="{ $errors }">поиском по ошибке</a>.

ticket-copy = Скопировать ответ для обращения
ticket-step = шаг { $number }
ticket-error = Ошибка «{ $symptom }» при работе с { $name }:
ticket-what-to-do = Что делать:
ticket-guide = Пошаговая инструкция:
ticket-step-intro = Чтобы магазин отправлял письма через { $name }, шаг { $number }: { $title }
ticket-verified = Эти настройки проверены на { $name } { $count ->
    [0] сегодня
    [1] вчера
    [one] { $count } день назад
    [few] { $count } дня назад
   *[many] { $count } дней назад
} ({ $date }).
ticket-failing = Обратите внимание: ежедневная проверка этих настроек на { $name } не проходит с { $date }.

evidence-passed = { $count ->
    [one] Пройдена { $passed } проверка из { $count }
   *[other] Пройдено проверок: { $passed } из { $count }
}
evidence-none = Ни одной завершённой проверки
evidence-window = { $days ->
    [one] за { $days } день по <time datetime="{ $date }">{ $date }</time>.
    [few] за { $days } дня по <time datetime="{ $date }">{ $date }</time>.
   *[many] за { $days } дней по <time datetime="{ $date }">{ $date }</time>.
}
evidence-skipped = Дней, когда проверка запускалась, но ничего не смогла проверить (нет тестового ящика или все этапы пропущены): { $count }.
evidence-failed-on = Не прошла:
evidence-at = на этапе { $phase }
evidence-strip = Ежедневные проверки с { $first } по { $last }, сначала самые старые
day-passed = пройдена
day-failed = не пройдена
day-failed-at = не пройдена на этапе { $phase }
day-skipped = ничего не проверено
day-none = проверки не было
transcript-summary = Последняя проверка по этапам
transcript-intro = Что увидел mailbook, когда в последний раз проверял { $name } с тестовым ящиком (пароли никогда не записываются).
transcript-of = Проверка { $server }
column-phase = Этап
column-result = Результат
column-time = Время
column-found = Что обнаружено
check-warn = пройдена, с предупреждением
check-skipped = пропущена
milliseconds = { $count } мс
server-replied = Сервер ответил <code>{ $reply }</code>

for-example-mailbox = для примера — ящик <code>{ $email }</code>
example-only = Только пример.
errors-by-provider = Ошибки по сервисам
all-settings-of = Все настройки { $name }
error-on-page = Эта ошибка на странице { $name }
address-note = Откроется страница вашего почтового сервиса с уже подставленными значениями. Адрес остаётся в браузере и никуда не отправляется.
feed-title = { $title }: изменения в работе почтовых сервисов
what-instead = Что делать вместо этого
toc-values = { $count ->
    [one] { $count } значение
    [few] { $count } значения
   *[many] { $count } значений
}
section-check = Проверить мои значения
badge-ready = Можно пользоваться сразу
badge-ready-in = { $count ->
    [one] Готово за { $count } шаг
    [few] Готово за { $count } шага
   *[many] Готово за { $count } шагов
}
badge-broken = Не подходит: выберите другой сервис
badge-deprecated = Скоро перестанет работать: спланируйте переход
broken-title = { $name } сейчас не подходит: { $app } не может отправлять через него почту
broken-instead = <strong>Что делать вместо этого:</strong> заведите отдельный ящик для магазина у одного из этих сервисов — они работают с панелью — и следуйте инструкции на его странице.
alt-ready = можно пользоваться сразу
alt-ready-in = { $count ->
    [one] готово за { $count } шаг
    [few] готово за { $count } шага
   *[many] готово за { $count } шагов
}
no-alternative = Ни один сервис из этого справочного центра сейчас не работает с панелью: смотрите <a href="{ $href }">общие требования</a>.
values-title = Что ввести в { $app }: { $count ->
    [one] { $count } значение
    [few] { $count } значения
   *[many] { $count } значений
}
values-where = В разделе <strong>{ $location }</strong>,
how = как получить
fill-address = Подставить свой адрес
eg-address = например, shop@{ $domain }
fill-in = Подставить
stays-in-page = Адрес остаётся на этой странице: ничего из введённого никуда не отправляется.
all-servers-scroll = Все SMTP-серверы { $name } (таблица прокручивается вбок)
phase-dns = При поиске сервера.
phase-tcp = При подключении.
phase-tls = При включении шифрования.
phase-certificate = При проверке сертификата сервера.
phase-ehlo = При приветствии сервера.
phase-input = Когда панель проверяет значения.
phase-auth = При входе в почту.
phase-send = При отправке.
check-intro = Введите то, что вы указали в панели: страница сравнит это с настройками { $name } и правилами панели. <strong>Ничего из введённого не покидает эту страницу</strong>: проверка идёт в вашем браузере и ничего никуда не отправляет.
check-noscript = Для проверки нужен JavaScript. Вместо этого сверьте свои значения со <a href="#settings">значениями выше</a>.
not-chosen = (не выбрано)
check-submit = Проверить

# Слова скриптов (static/*.js): js-СКРИПТ-КЛЮЧ заменяет КЛЮЧ в таблице слов этого скрипта.
js-copy-copied = Скопировано
js-copy-copiedValue = Скопировано: { $value }
js-copy-byHand = Выделите и скопируйте вручную
js-search-results = { $count ->
    [one] { $count } результат
    [few] { $count } результата
   *[many] { $count } результатов
}
js-search-resultOne = 1 результат
js-search-nothing = По запросу «{ $q }» ничего не найдено.{" "}
js-search-nextGeneral = Если вашего почтового сервиса нет в списке, прочитайте{" "}
js-search-nextGeneralLink = общие требования
js-search-nextAddress = {" "}— они касаются любого ящика. Чтобы узнать, кто обслуживает вашу почту, введите адрес выше; для собственного домена попросите службу поддержки посмотреть его MX-записи (в них указан сервис). Вставляете сообщение об ошибке? Воспользуйтесь{" "}
js-search-nextErrorsLink = поиском по ошибке
js-search-errorMeta = Неполадки · { $provider }
js-search-unavailable = Поиск недоступен ({ $error }).
js-lookup-empty = Сначала вставьте сообщение об ошибке.
js-lookup-sure = Это ошибка { $provider }. Решение — в первой записи ниже.
js-lookup-probably = Вероятно, это ошибка { $provider }: посмотрите первую запись ниже.
js-lookup-unsure = Не удалось точно определить ошибку; возможно, помогут эти записи.
js-lookup-count = { $count ->
    [one] { $count } подходящая запись.
    [few] { $count } подходящие записи.
   *[many] { $count } подходящих записей.
}
js-lookup-countOne = 1 подходящая запись.
js-lookup-none = Ни одна известная ошибка не подходит к этому сообщению.{" "}
js-lookup-noneProvider = Похоже на сообщение от { $provider }: сверьте свои настройки со{" "}
js-lookup-noneProviderLink = страницей { $provider }
js-lookup-noneGeneral = Сверьте настройки со страницей вашего почтового сервиса и с{" "}
js-lookup-noneGeneralLink = общими требованиями
js-lookup-ownExact = { $provider } · совпадает с этим сообщением
js-lookup-ownPartial = { $provider } · частично совпадает с этим сообщением
js-lookup-other = { $provider } · только если ваш ящик на { $provider }
js-lookup-exact = { $provider } · совпадают коды из этого сообщения
js-lookup-partial = { $provider } · частичное совпадение
js-lookup-here = Читать здесь
js-lookup-unavailable = Поиск по ошибке недоступен ({ $error }).
js-values-wholeAddress = Введите адрес целиком, например shop@mail.ru.
js-values-unknownDomain = Для домена { $domain } инструкции нет. Возможно, это ваш собственный домен, почту которого обслуживает один из сервисов: попросите службу поддержки посмотреть его MX-записи (в них указан сервис) и выберите этот сервис ниже. А пока прочитайте{" "}
js-values-generalLink = общие требования
js-values-lookupUnavailable = Поиск по адресу недоступен ({ $error }).
js-values-filledFor = для вашего ящика { $email }
js-values-filled = Подставлено для { $email }.
js-values-otherProvider = { $domain } — не адрес { $provider }. Его страница:{" "}
js-values-notListed = { $domain } нет среди доменов { $provider }; проверьте, что это страница вашего почтового сервиса.
js-values-ruleBroken = { $label }: { $message }
js-values-reported = {" "}(известно с чужих слов, на нынешней панели не подтверждено)
js-values-dotsDropped = { $label }: { $provider } не учитывает точки перед @, так что { $value } — тот же ящик, только без точек, которые панель не принимает.
js-values-checkEmpty = Введите хотя бы одно значение для проверки.
js-values-checkOk = Ошибок не найдено: значения совпадают с настройками { $provider } и правилами панели.
js-values-checkProblems = { $count ->
    [one] Нужно исправить { $count } пункт:
    [few] Нужно исправить { $count } пункта:
   *[many] Нужно исправить { $count } пунктов:
}
js-values-hostWrong = { $label }: { $value } — не сервер { $provider }. Введите { $host }.
js-values-portWrong = { $label }: у { $host } нет порта { $port }. Используйте { $ports }.
js-values-portMode = { $label }: порт { $port } работает с режимом { $mode }, а не с { $chosen }.
js-values-modeMissing = { $label }: для порта { $port } выберите { $mode }.
js-values-usernameForm = { $label }: для этого адреса { $provider } ждёт { $expected }.
js-values-usernameDots = { $label }: панель не принимает точку перед @. { $provider } точки не учитывает, поэтому введите { $value } — это тот же ящик.
js-values-passwordFormat = { $label }: это не похоже на пароль приложения { $provider } ({ $looks }). Если это пароль от аккаунта, { $provider } его не примет: создайте пароль приложения и вставьте его сюда.
js-values-passwordSpaces = { $label }: уберите пробелы между группами.
js-values-senderDiffers = { $label }: { $value } — не ящик { $email }. Письма с другого адреса почтовые сервисы отклоняют или переписывают, если этот адрес не настроен у них как псевдоним.
js-values-emailDiffers = { $label }: { $value } — не тот адрес, с которым входит имя пользователя ({ $expected }).
js-ticket-copied = Ответ скопирован
js-ticket-announceCopied = Ответ для обращения скопирован в буфер обмена
js-ticket-copyByHand = Скопируйте ответ ниже вручную
js-ticket-textareaLabel = Ответ для обращения
